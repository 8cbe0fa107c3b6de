from progstyr.cli import run

run()
