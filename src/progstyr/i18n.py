"""The one sv/en table for every user-facing word progstyr prints.

Messages are looked up by key and formatted with named arguments. Code never
builds user-facing sentences itself; templates get their labels from here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

LANGUAGES: Final = ("sv", "en")
DEFAULT_LANGUAGE: Final = "en"

# key → (English, Swedish)
_TABLE: Final[dict[str, tuple[str, str]]] = {
    # ------------------------------------------------------------ severities, summary
    "severity.error": ("error", "fel"),
    "severity.warning": ("warning", "varning"),
    "summary.clean": (
        "No problems found in {files} files.",
        "Inga problem i {files} filer.",
    ),
    "summary.found": (
        "Found {errors} {errors_word} and {warnings} {warnings_word} in {with_problems} of {files} files.",
        "Hittade {errors} {errors_word} och {warnings} {warnings_word} i {with_problems} av {files} filer.",
    ),
    "word.error.one": ("error", "fel"),
    "word.error.many": ("errors", "fel"),
    "word.warning.one": ("warning", "varning"),
    "word.warning.many": ("warnings", "varningar"),
    "cli.no_programmes": (
        "No programme files found under {path} (a programme folder holds programme.yaml).",
        "Inga programfiler under {path} (en programmapp innehåller programme.yaml).",
    ),
    "n.has_errors.one": (
        "{n} error in the files: the figures above leave out what could not be read. "
        "Run 'progstyr validate' for the details.",
        "{n} fel i filerna: siffrorna ovan utelämnar det som inte gick att läsa. "
        "Kör 'progstyr validate' för detaljer.",
    ),
    "n.has_errors.many": (
        "{n} errors in the files: the figures above leave out what could not be read. "
        "Run 'progstyr validate' for the details.",
        "{n} fel i filerna: siffrorna ovan utelämnar det som inte gick att läsa. "
        "Kör 'progstyr validate' för detaljer.",
    ),
    "cli.path_missing": ("No such file or folder: {path}", "Filen eller mappen finns inte: {path}"),
    "cache.not_private": (
        "No cache: {folder} is not yours alone and no private folder could be made in it; "
        "reading is slower (set PROGSTYR_CACHE_DIR to a folder of your own).",
        "Ingen cache: {folder} är inte bara din och ingen privat mapp kunde skapas där; "
        "läsningen blir långsammare (sätt PROGSTYR_CACHE_DIR till en egen mapp).",
    ),
    "cli.bad_date": (
        "'{value}' is not a date; write it as YYYY-MM-DD.",
        "'{value}' är inget datum; skriv det som ÅÅÅÅ-MM-DD.",
    ),
    "cli.as_of_range": (
        "'{value}' is outside the dates progstyr works with: {first} to {last}.",
        "'{value}' ligger utanför de datum progstyr arbetar med: {first} till {last}.",
    ),
    "cli.worker_died": (
        "A process reading files stopped unexpectedly (killed, perhaps for lack of memory); "
        "the remaining files are read in this process.",
        "En process som läste filer avbröts oväntat (dödad, kanske av minnesbrist); "
        "resten av filerna läses i den här processen.",
    ),
    "cli.bad_format": (
        "Unknown format '{value}'; choose one of: {choices}.",
        "Okänt format '{value}'; välj ett av: {choices}.",
    ),
    "cli.internal": (
        "progstyr stopped on an internal error ({error}). This is a bug in progstyr, not in your "
        "files: please report it with the command you ran.",
        "progstyr avbröts av ett internt fel ({error}). Det är ett fel i progstyr, inte i dina "
        "filer: rapportera det gärna tillsammans med kommandot du körde.",
    ),
    # ------------------------------------------------------------ PS1xx reading and format
    "read.syntax": (
        "the YAML cannot be read here (the parser says: {detail})",
        "YAML-texten går inte att läsa här (tolkaren säger: {detail})",
    ),
    "read.syntax_tab": (
        "a tab is used for indenting here, and YAML allows only spaces: replace the tab by spaces "
        "(two per level) (the parser says: {detail})",
        "här används en tabb för indrag, och YAML tillåter bara mellanslag: byt tabben mot "
        "mellanslag (två per nivå) (tolkaren säger: {detail})",
    ),
    "read.syntax_indent": (
        "line {line} is not indented like the lines it belongs to: check its indentation against "
        "line {since} (fields on the same level start in the same column; list items under a "
        "field one level in) (the parser says: {detail})",
        "rad {line} är inte indragen som raderna den hör till: jämför indraget med rad {since} "
        "(fält på samma nivå börjar i samma kolumn; listpunkter under ett fält en nivå in) "
        "(tolkaren säger: {detail})",
    ),
    "read.syntax_colon": (
        "a ':' followed by a space cannot stand here: if it is part of a text, put the whole text "
        'in quotes ("…"); otherwise check the indentation of line {line} against the line above '
        "(the parser says: {detail})",
        "ett ':' följt av mellanslag kan inte stå här: om det hör till en text, sätt hela texten "
        'inom citattecken ("…"); annars jämför indraget på rad {line} med raden ovanför '
        "(tolkaren säger: {detail})",
    ),
    "read.syntax_no_colon": (
        "line {line} has no ':' after its field name: every field is written 'name: value' (or "
        "a text started on the line above has lost its quote) (the parser says: {detail})",
        "rad {line} saknar ':' efter fältnamnet: varje fält skrivs 'namn: värde' (eller så har "
        "en text på raden ovanför tappat sitt citattecken) (tolkaren säger: {detail})",
    ),
    "read.syntax_flow": (
        "a list or mapping in brackets, opened on line {since}, is not closed as it should be: "
        "check its ] or }} and the commas between its items (the parser says: {detail})",
        "en lista eller samling inom hakparentes eller klammer, påbörjad på rad {since}, avslutas "
        "inte som den ska: kontrollera ] eller }} och kommatecknen mellan delarna (tolkaren säger: "
        "{detail})",
    ),
    "read.syntax_end": (
        "the file ends inside something opened on line {since} (a quote or a bracket that is never "
        "closed) (the parser says: {detail})",
        "filen tar slut inuti något som påbörjades på rad {since} (ett citattecken eller en "
        "parentes som aldrig stängs) (tolkaren säger: {detail})",
    ),
    "read.duplicate_key": (
        "the field '{key}' appears twice; remove one of them",
        "fältet '{key}' förekommer två gånger; ta bort det ena",
    ),
    "read.empty": (
        "the file is empty; it must hold the fields of the {kind}",
        "filen är tom; den ska innehålla fälten för {kind}",
    ),
    "read.not_mapping": (
        "the file must consist of 'field: value' lines, not a list or a single value",
        "filen ska bestå av rader 'fält: värde', inte av en lista eller ett enstaka värde",
    ),
    "read.complex_key": (
        "a field name must be plain text",
        "ett fältnamn ska vara vanlig text",
    ),
    "read.binary": (
        "the file holds binary data, not text",
        "filen innehåller binärdata, inte text",
    ),
    "read.not_utf8": (
        "the file is not UTF-8 text (perhaps saved as Latin-1 or Windows-1252); save it as UTF-8",
        "filen är inte UTF-8-text (kanske sparad som Latin-1 eller Windows-1252); spara den som UTF-8",
    ),
    "read.placeholder": (
        "still to fill in (from `progstyr new`): {todo}. Fill it in and delete this TODO comment; "
        "until then the file counts for nothing",
        "kvar att fylla i (från `progstyr new`): {todo}. Fyll i och ta bort TODO-kommentaren; "
        "till dess räknas filen inte",
    ),
    "read.too_large": (
        "the file is {size} bytes, more than the limit of {limit} bytes",
        "filen är {size} byte, mer än gränsen på {limit} byte",
    ),
    "read.unreadable": (
        "the file cannot be read: {detail}",
        "filen går inte att läsa: {detail}",
    ),
    "read.unreadable_folder": (
        "this folder cannot be read ({detail}); its files were not checked",
        "mappen går inte att läsa ({detail}); dess filer kontrollerades inte",
    ),
    "read.too_many_files": (
        "this folder holds more than {limit} entries; it was not read",
        "mappen innehåller fler än {limit} poster; den lästes inte",
    ),
    "read.alias": (
        "aliases (*name) are not allowed; write the value out in full",
        "alias (*namn) är inte tillåtna; skriv ut värdet i sin helhet",
    ),
    "read.anchor": (
        "anchors (&name) are not allowed; write the value out in full",
        "ankare (&namn) är inte tillåtna; skriv ut värdet i sin helhet",
    ),
    "read.tag": (
        "the tag '{tag}' is not allowed; remove it",
        "taggen '{tag}' är inte tillåten; ta bort den",
    ),
    "read.too_deep": (
        "the file nests lists and fields more than {limit} levels deep",
        "filen har listor och fält i fler än {limit} nivåer",
    ),
    "read.too_long": (
        "this text is longer than the limit of {limit} characters",
        "texten är längre än gränsen på {limit} tecken",
    ),
    "read.bad_character": (
        "the character {char} is not allowed in a YAML file",
        "tecknet {char} är inte tillåtet i en YAML-fil",
    ),
    "read.not_regular": (
        "this is not a regular file but {what}; it was not read",
        "detta är ingen vanlig fil utan {what}; den lästes inte",
    ),
    "read.dangling_link": (
        "this is a link to nothing: what it points to does not exist",
        "detta är en länk till ingenting: det den pekar på finns inte",
    ),
    "read.too_deep_folders": (
        "folders are nested more than {limit} levels deep here; what lies below was not read",
        "mapparna ligger i fler än {limit} nivåer här; det som ligger under lästes inte",
    ),
    "filetype.fifo": ("a named pipe (FIFO)", "ett namngivet rör (FIFO)"),
    "filetype.socket": ("a socket", "en socket"),
    "filetype.device": ("a device", "en enhetsfil"),
    "filetype.other": ("a special file", "en specialfil"),
    "value.too_big": (
        "{value} is beyond the limit of ±{limit} for a number in a programme file",
        "{value} ligger utanför gränsen ±{limit} för ett tal i en programfil",
    ),
    "field.missing": (
        "the required field '{field}' is missing",
        "det obligatoriska fältet '{field}' saknas",
    ),
    "field.missing_unless_shared": (
        "the required field '{field}' is missing (an indicator may leave it out only when it "
        "reports a shared indicator: 'shared: <id>')",
        "det obligatoriska fältet '{field}' saknas (en indikator får utelämna det bara när den "
        "rapporterar en gemensam indikator: 'shared: <id>')",
    ),
    "field.unknown": (
        "unknown field '{field}'; did you mean '{suggestion}'?",
        "okänt fält '{field}'; menade du '{suggestion}'?",
    ),
    "field.unknown_list": (
        "unknown field '{field}'; the fields allowed here are: {allowed}",
        "okänt fält '{field}'; tillåtna fält här: {allowed}",
    ),
    "value.empty": (
        "'{field}' is empty; fill it in",
        "'{field}' är tomt; fyll i det",
    ),
    "value.not_text": (
        "'{field}' must be text",
        "'{field}' ska vara text",
    ),
    "value.not_date": (
        "'{value}' is not a date; write it as YYYY-MM-DD",
        "'{value}' är inget datum; skriv det som ÅÅÅÅ-MM-DD",
    ),
    "value.no_such_date": (
        "'{value}' is not a real date",
        "'{value}' är inget riktigt datum",
    ),
    "value.date_with_time": (
        "'{value}' has a time of day; write only the date, YYYY-MM-DD",
        "'{value}' har ett klockslag; skriv bara datumet, ÅÅÅÅ-MM-DD",
    ),
    "value.enum": (
        "'{value}' is not allowed for '{field}'; choose one of: {choices}",
        "'{value}' är inte tillåtet för '{field}'; välj ett av: {choices}",
    ),
    "value.decimal_comma": (
        "'{value}' is not a number here: YAML takes a decimal point, so write {suggestion}",
        "'{value}' är inget tal här: YAML vill ha decimalpunkt, så skriv {suggestion}",
    ),
    "value.not_number": (
        "'{value}' is not a number (write numbers without spaces or units, e.g. 1137500)",
        "'{value}' är inget tal (skriv tal utan mellanslag och enhet, t.ex. 1137500)",
    ),
    "value.negative": (
        "'{field}' must be 0 or more, not {value}",
        "'{field}' ska vara 0 eller mer, inte {value}",
    ),
    "value.not_list": (
        "'{field}' must be a list (lines starting with '- ')",
        "'{field}' ska vara en lista (rader som börjar med '- ')",
    ),
    "value.not_mapping": (
        "'{field}' must hold fields ('name: value' lines), not a single value",
        "'{field}' ska innehålla fält (rader 'namn: värde'), inte ett enstaka värde",
    ),
    "value.not_bool": (
        "'{value}' is not true or false",
        "'{value}' är varken true eller false",
    ),
    "value.kolada_kpi": (
        "'{value}' is not a Kolada key figure id; they look like N31807 (a capital letter, then "
        "digits), as on kolada.se",
        "'{value}' är inte ett nyckeltals id i Kolada; de ser ut som N31807 (en versal, sedan "
        "siffror), som på kolada.se",
    ),
    "value.kolada_municipality": (
        "'{value}' is not a municipality id; Kolada uses the four-digit municipality code in "
        'quotes, e.g. "1280" for Malmö, "0180" for Stockholm',
        "'{value}' är inte en kommunkod; Kolada använder den fyrsiffriga kommunkoden inom "
        'citattecken, t.ex. "1280" för Malmö, "0180" för Stockholm',
    ),
    "value.kolada_ou": (
        "'{value}' is not an organisational unit id as Kolada writes them (e.g. V15E144001301)",
        "'{value}' är inte ett id för en organisatorisk enhet som Kolada skriver dem (t.ex. V15E144001301)",
    ),
    "value.kolada_place": (
        "kolada needs either 'municipality' or 'ou' (an organisational unit), not both or neither",
        "kolada behöver antingen 'municipality' (kommun) eller 'ou' (organisatorisk enhet), inte "
        "båda eller ingen",
    ),
    "value.bad_id": (
        "'{value}' is not a valid id: use lowercase a-z, digits and '-', "
        "starting with a letter or digit, at most 64 characters",
        "'{value}' är inget giltigt id: använd gemena a-z, siffror och '-', "
        "börja med en bokstav eller siffra, högst 64 tecken",
    ),
    "value.too_short": (
        "'{field}' must list at least one item",
        "'{field}' ska ha minst en post",
    ),
    "value.invalid": (
        "'{field}' has a value that is not allowed: {detail}",
        "'{field}' har ett otillåtet värde: {detail}",
    ),
    "file.bad_id": (
        "the file name '{name}' is not a valid id: use lowercase a-z, digits and '-' "
        "(write å, ä, ö as a, a, o)",
        "filnamnet '{name}' är inget giltigt id: använd gemena a-z, siffror och '-' "
        "(skriv å, ä, ö som a, a, o)",
    ),
    "file.bad_programme_id": (
        "the programme folder name '{name}' is not a valid id: use lowercase a-z, digits and '-'",
        "programmappens namn '{name}' är inget giltigt id: använd gemena a-z, siffror och '-'",
    ),
    "file.outside": (
        "this file is outside the known folders; programme files go in benefits/, gaps/ or projects/",
        "filen ligger utanför de kända mapparna; programfiler hör hemma i benefits/, gaps/ eller projects/",
    ),
    "file.no_programme": (
        "this programme folder has no programme.yaml",
        "programmappen saknar programme.yaml",
    ),
    "file.second_programme": (
        "a second programme file; keep only programme.yaml",
        "en andra programfil; behåll bara programme.yaml",
    ),
    "file.symlink_outside": (
        "this is a link to a place outside the checked folder; it is not followed",
        "detta är en länk till en plats utanför den kontrollerade mappen; den följs inte",
    ),
    "file.same_id": (
        "another file has the same id ('{id}'); ids must be unique",
        "en annan fil har samma id ('{id}'); id måste vara unika",
    ),
    "config.unreadable": (
        "the configuration file cannot be read: {detail}",
        "konfigurationsfilen går inte att läsa: {detail}",
    ),
    "config.syntax": (
        "the configuration is not valid TOML: {detail}",
        "konfigurationen är inte giltig TOML: {detail}",
    ),
    "config.not_table": (
        "[tool.progstyr] must be a table of settings",
        "[tool.progstyr] ska vara en tabell med inställningar",
    ),
    "config.unknown_key": (
        "unknown setting '{key}'; the known settings are: {known}",
        "okänd inställning '{key}'; kända inställningar: {known}",
    ),
    "config.ignore_list": (
        "'ignore' must be a list of codes, e.g. [\"PS404\"]",
        "'ignore' ska vara en lista med koder, t.ex. [\"PS404\"]",
    ),
    "config.unknown_code": (
        "unknown code '{code}' in '{key}'",
        "okänd kod '{code}' i '{key}'",
    ),
    "config.severity_table": (
        "'severity' must be a table such as {{PS404 = \"error\"}}",
        "'severity' ska vara en tabell som {{PS404 = \"error\"}}",
    ),
    "config.severity_value": (
        'the severity of {code} must be "error" or "warning"',
        'allvarlighetsgraden för {code} ska vara "error" eller "warning"',
    ),
    "config.days": (
        "'stale_status_days' must be a whole number of days, 1 or more",
        "'stale_status_days' ska vara ett helt antal dagar, minst 1",
    ),
    "config.language": (
        '\'language\' must be "sv" or "en"',
        '\'language\' ska vara "sv" eller "en"',
    ),
    # ------------------------------------------------------------ rules: families and rationale
    "why.PS201": (
        "Every id a file names must exist, or the link silently means nothing.",
        "Varje id som en fil anger måste finnas, annars blir hänvisningen meningslös utan att någon märker "
        "det.",
    ),
    "why.PS202": (
        "Ids that others refer to must be unique, or a reference is ambiguous. An organisation of the "
        "portfolio declared again in a programme could drift apart from the shared one.",
        "Id som andra hänvisar till måste vara unika, annars är hänvisningen tvetydig. En organisation i "
        "portföljen som anges på nytt i ett program kan med tiden börja skilja sig från den gemensamma.",
    ),
    "why.PS203": (
        "A benefits map that loops can never be rolled up to end benefits.",
        "En nyttokarta som går runt i en cirkel kan aldrig summeras upp till huvudnyttor.",
    ),
    "why.PS204": (
        "An end benefit feeds nothing; an intermediate one must feed something.",
        "En huvudnytta bidrar inte till något; en delnytta måste bidra till något.",
    ),
    "why.PS301": (
        "A period that ends before it starts is a typo that breaks every timeline.",
        "En period som slutar innan den börjar är ett skrivfel som förstör varje tidslinje.",
    ),
    "why.PS302": (
        "Work planned outside the programme's period has no programme to report to.",
        "Arbete som planeras utanför programperioden har inget program att rapportera till.",
    ),
    "why.PS303": (
        "A measurement or status from the future is a typo in the year.",
        "En mätning eller statusrapport från framtiden är ett skrivfel i årtalet.",
    ),
    "why.PS304": (
        "Series are read in file order: the last entry is taken as the latest.",
        "Serier läses i den ordning de står i filen: den sista posten tas som den senaste.",
    ),
    "why.PS401": (
        "A benefit nobody measures is the evaluations' most common finding.",
        "En nytta som ingen mäter är utvärderingarnas vanligaste iakttagelse.",
    ),
    "why.PS402": (
        "Without a baseline and a target, progress cannot be computed.",
        "Utan utgångsvärde och målvärde går det inte att beräkna utvecklingen.",
    ),
    "why.PS403": (
        "A target on the wrong side of the baseline makes every status read backwards.",
        "Ett målvärde på fel sida om utgångsvärdet gör att varje status visar det omvända.",
    ),
    "why.PS404": (
        "During implementation every indicator should be measured at least yearly.",
        "Under genomförandet bör varje indikator mätas minst en gång om året.",
    ),
    "why.PS406": (
        "Sex-disaggregated follow-up (könsuppdelad statistik) needs women and men on every value: a gap in "
        "one series makes the comparison between them meaningless.",
        "Uppföljning med könsuppdelad statistik kräver uppgifter för kvinnor och män i varje värde: en "
        "lucka i den ena serien gör jämförelsen mellan dem meningslös.",
    ),
    "why.PS501": (
        "A gap-closing project that closes no gap cannot be traced to any benefit.",
        "Ett projekt som ska stänga gap men inte stänger något gap går inte att spåra till någon nytta.",
    ),
    "why.PS502": (
        "The joint prioritisation means little if the top gaps have no work under way.",
        "Den gemensamma prioriteringen betyder lite om inget arbete pågår med de högst prioriterade gapen.",
    ),
    "why.PS503": (
        "A benefit no gap leads to will not come about by itself.",
        "En nytta som inget gap leder till uppstår inte av sig själv.",
    ),
    "why.PS504": (
        "A gap is closed by delivered work, not by changing its status.",
        "Ett gap stängs genom levererat arbete, inte genom att man ändrar dess status.",
    ),
    "why.PS601": (
        "Delivered work with no receiver is the fault the evaluations found at closing.",
        "Levererat arbete utan mottagare är den brist som utvärderingarna fann vid stängningen.",
    ),
    "why.PS602": (
        "When the programme closes, ongoing work needs someone to carry it on.",
        "När programmet stängs behöver pågående arbete någon som driver det vidare.",
    ),
    "why.PS603": (
        "A closed programme cannot still be running projects.",
        "Ett stängt program kan inte fortfarande driva projekt.",
    ),
    "why.PS604": (
        "The steering group sees the latest status; an old one hides today's problems.",
        "Styrgruppen ser den senaste statusrapporten; en gammal döljer dagens problem.",
    ),
    "why.PS605": (
        "A project past its end date should be completed, handed over or cancelled.",
        "Ett projekt som har passerat sitt slutdatum bör vara avslutat, överlämnat eller avbrutet.",
    ),
    "why.PS606": (
        "A milestone past its date and not done needs a decision or a new date.",
        "En milstolpe som har passerat sitt datum utan att vara klar behöver ett beslut eller ett nytt "
        "datum.",
    ),
    "why.PS701": (
        "Funding that does not add up to the total means one of them is wrong.",
        "Finansiering som inte summerar till budgetens total betyder att det ena eller det andra är fel.",
    ),
    "why.PS702": (
        "Spending past the total needs a decision.",
        "Att förbruka mer än budgetens total kräver ett beslut.",
    ),
    "why.PS801": (
        "Goal drift (målglidning): an end benefit tied to none of the goals the portfolio's owner decided "
        "widens the programme beyond its mandate, the evaluations' hardest finding.",
        "Målglidning: en huvudnytta som inte är kopplad till något av de mål som portföljens ägare beslutat "
        "vidgar programmet utöver dess uppdrag, vilket var utvärderingarnas allvarligaste iakttagelse.",
    ),
    "why.PS802": (
        "A goal, shared indicator or body that does not exist makes the link mean nothing: the benefit "
        "counts for no goal, the indicator is compared with nothing, the report goes nowhere.",
        "Ett mål, en gemensam indikator eller ett organ som inte finns gör hänvisningen meningslös: nyttan "
        "räknas inte till något mål, indikatorn jämförs inte med något och återrapporteringen når ingen.",
    ),
    "why.PS803": (
        'Shared indicators are how the owner compares the programmes ("22 different interpretations" '
        "otherwise): each programme must report every one of them.",
        'Med gemensamma indikatorer jämför ägaren programmen (annars blir det "22 olika tolkningar"): '
        "varje program måste rapportera var och en av dem.",
    ),
    "why.PS804": (
        "A programme's figure for a shared indicator is only comparable with the others' when it is "
        "measured the same way: same unit, same direction, by sex when the portfolio's is.",
        "Ett programs värde för en gemensam indikator går bara att jämföra med de andras om det mäts på "
        "samma sätt: samma enhet, samma riktning och könsuppdelat när portföljens indikator är det.",
    ),
    "why.PS805": (
        'Reporting upward was "scattered and unstructured": a report agreed at a fixed interval (DR1, '
        "DR2, Årsanalys) that has not been delivered in time is visible before the owner asks.",
        'Återrapporteringen var "splittrad och ostrukturerad": en återrapportering med ett överenskommet '
        "fast intervall (DR1, DR2, Årsanalys) som inte har lämnats i tid syns innan ägaren frågar efter "
        "den.",
    ),
    "why.PS806": (
        "An evaluation is only worth what is done with it: an open recommendation past its due date, or one "
        "left without a response half a year after the evaluation ended, is forgotten.",
        "En utvärdering är bara värd det som görs med den: en rekommendation som är öppen efter sista "
        "datum, eller som står utan svar ett halvår efter att utvärderingen avslutades, är bortglömd.",
    ),
    "why.PS807": (
        'Follow-up research "never attached from the start" left the evaluators of Malmö\'s area '
        "programmes without a baseline: while there is still time, an external evaluation or follow-up "
        "research should be planned to begin within a year of the start. A programme in a portfolio is "
        "covered by the portfolio's evaluation.",
        'Följeforskning som "aldrig kopplades på från start" lämnade utvärderarna av Malmös '
        "områdesprogram utan utgångsvärde: medan det fortfarande finns tid bör en extern utvärdering eller "
        "följeforskning planeras så att den börjar inom ett år från start. Ett program i en portfölj "
        "omfattas av portföljens utvärdering.",
    ),
    "why.PS808": (
        "More than half the money went to staff in Malmö's area programmes: a year in which staff and "
        "premises take more than `overhead_share_max` of the resources leaves little for work.",
        "I Malmös områdesprogram gick mer än hälften av pengarna till personal: tar personal och lokaler "
        "mer än `overhead_share_max` av resurserna ett år blir det lite kvar till själva arbetet.",
    ),
    "why.PS809": (
        "An actor listed but given no role (owner, partner, recipient, payer, a report's receiver) is "
        "either a role forgotten in the files or a name that should go.",
        "En aktör som finns i listan men inte har någon roll (ägare, samverkanspart, mottagare, betalare, "
        "mottagare av en återrapportering) är antingen en roll som glömts bort i filerna eller ett namn som "
        "bör tas bort.",
    ),
    "family.budget": ("budget", "budget"),
    "family.coverage": ("coverage", "täckning"),
    "family.dates": ("dates", "datum"),
    "family.files": ("files", "filer"),
    "family.lifecycle": ("lifecycle", "livscykel"),
    "family.measurability": ("measurability", "mätbarhet"),
    "family.portfolio": ("portfolio", "portfölj"),
    "family.references": ("references", "hänvisningar"),
    # ------------------------------------------------------------ pull and import (SPEC §12)
    "config.kolada_url": (
        "'kolada_url' must be a web address starting with http:// or https://",
        "'kolada_url' ska vara en webbadress som börjar med http:// eller https://",
    ),
    "kolada.status": (
        "Kolada ({host}) answered HTTP {status} when asked for {kpi}",
        "Kolada ({host}) svarade HTTP {status} på frågan om {kpi}",
    ),
    "kolada.timeout": (
        "Kolada ({host}) did not answer within {seconds} s when asked for {kpi}",
        "Kolada ({host}) svarade inte inom {seconds} s på frågan om {kpi}",
    ),
    "kolada.unreachable": (
        "Kolada ({host}) could not be reached when asking for {kpi}: {detail}",
        "Kolada ({host}) gick inte att nå vid frågan om {kpi}: {detail}",
    ),
    "kolada.deadline": (
        "Kolada ({host}) gave no usable answer for {kpi} within {seconds} s of retrying",
        "Kolada ({host}) gav inget användbart svar om {kpi} på {seconds} s av nya försök",
    ),
    "kolada.not_json": (
        "Kolada ({host}) answered something that is not JSON when asked for {kpi}",
        "Kolada ({host}) svarade med något som inte är JSON på frågan om {kpi}",
    ),
    "kolada.not_kolada": (
        "Kolada ({host}) answered JSON that is not Kolada data (no 'values' list) when asked for {kpi}",
        "Kolada ({host}) svarade med JSON som inte är Kolada-data (ingen lista 'values') på frågan om {kpi}",
    ),
    "kolada.too_large": (
        "Kolada ({host}) sent more than 64 MB for {kpi}; not read",
        "Kolada ({host}) skickade mer än 64 MB för {kpi}; lästes inte",
    ),
    "kolada.too_many_pages": (
        "Kolada ({host}) kept sending further pages for {kpi} (more than 1000)",
        "Kolada ({host}) fortsatte skicka sidor för {kpi} (fler än 1000)",
    ),
    "kolada.foreign_page": (
        "Kolada ({host}) pointed its next page to another site ({url}); not followed",
        "Kolada ({host}) pekade nästa sida till en annan webbplats ({url}); följdes inte",
    ),
    "pull.nothing_written": (
        "Nothing was written.",
        "Ingenting skrevs.",
    ),
    "pull.no_references": (
        "No indicator in {path} has a 'kolada:' reference; nothing to pull.",
        "Ingen indikator i {path} har en 'kolada:'-referens; inget att hämta.",
    ),
    "pull.has_errors": (
        "The files have errors (above); fix them first. Nothing was pulled.",
        "Filerna har fel (ovan); rätta dem först. Ingenting hämtades.",
    ),
    "pull.asking": ("Asking Kolada", "Frågar Kolada"),
    "pull.requests": ("Kolada ({host}): {requests}", "Kolada ({host}): {requests}"),
    "pull.requests_kept": (
        "Kolada ({host}): {requests}, {kept} from the last hour (--refresh asks again)",
        "Kolada ({host}): {requests}, {kept} från senaste timmen (--refresh frågar igen)",
    ),
    "n.pull.kept.one": ("{n} answer kept", "{n} sparat svar"),
    "n.pull.kept.many": ("{n} answers kept", "{n} sparade svar"),
    "n.pull.query.one": ("{n} request", "{n} fråga"),
    "n.pull.query.many": ("{n} requests", "{n} frågor"),
    "n.measure.added.one": ("{n} new measurement", "{n} nytt mätvärde"),
    "n.measure.added.many": ("{n} new measurements", "{n} nya mätvärden"),
    "n.measure.updated.one": ("{n} updated", "{n} uppdaterat"),
    "n.measure.updated.many": ("{n} updated", "{n} uppdaterade"),
    "n.measure.file.one": ("{n} file", "{n} fil"),
    "n.measure.file.many": ("{n} files", "{n} filer"),
    "measures.file_line": ("{path}: {what}", "{path}: {what}"),
    "measures.written": ("Written: {what} in {files}.", "Skrivet: {what} i {files}."),
    "measures.would_write": (
        "Would write: {what} in {files} (--dry-run: nothing written).",
        "Skulle skriva: {what} i {files} (--dry-run: ingenting skrevs).",
    ),
    "measures.nothing_new": (
        "Nothing new: every value is already in the files.",
        "Inget nytt: alla värden finns redan i filerna.",
    ),
    "measures.conflict": (
        "{path}:{line}:{col}: warning: the measurement of {date} was entered by hand ({existing}); "
        "left as it is, {source} says {value}",
        "{path}:{line}:{col}: varning: mätvärdet för {date} är inskrivet för hand ({existing}); "
        "det lämnas som det är, {source} säger {value}",
    ),
    "measures.incomplete": (
        "{path}: {indicator} is reported for women and men, but Kolada ({kpi}) lacks the women's "
        "or men's value for {years}; those years were left out",
        "{path}: {indicator} redovisas för kvinnor och män, men Kolada ({kpi}) saknar kvinnornas "
        "eller männens värde för {years}; de åren togs inte med",
    ),
    "measures.failed": ("{path}: {reason}", "{path}: {reason}"),
    "measures.shape": (
        "the file's '{where}' is not laid out as a list of mappings, so it cannot be edited safely",
        "filens '{where}' är inte uppställd som en lista av fält, så den kan inte ändras säkert",
    ),
    "measures.not_utf8": ("the file is not UTF-8 text", "filen är inte UTF-8-text"),
    "measures.unreadable": (
        "the file cannot be read as YAML; run progstyr validate",
        "filen kan inte läsas som YAML; kör progstyr validate",
    ),
    "measures.no_indicator": (
        "the file has no indicator '{indicator}' any more",
        "filen har inte längre någon indikator '{indicator}'",
    ),
    "measures.not_proved": (
        "the edit did not read back as planned; the file was left alone (please report this)",
        "ändringen gick inte att läsa tillbaka som planerat; filen lämnades orörd (rapportera gärna detta)",
    ),
    "measures.unreadable_file": ("cannot be read: {detail}", "kan inte läsas: {detail}"),
    "measures.write_failed": ("could not be written: {detail}", "kunde inte skrivas: {detail}"),
    "import.rows_bad": (
        "{errors} in {sheet}; nothing was written.",
        "{errors} i {sheet}; ingenting skrevs.",
    ),
    "n.import.problem.one": ("{n} problem", "{n} problem"),
    "n.import.problem.many": ("{n} problems", "{n} problem"),
    "import.read": ("{sheet}: {rows}", "{sheet}: {rows}"),
    "n.import.row.one": ("{n} row", "{n} rad"),
    "n.import.row.many": ("{n} rows", "{n} rader"),
    "import.unreadable": ("the file cannot be read: {detail}", "filen kan inte läsas: {detail}"),
    "import.too_large": (
        "the file is larger than {limit} MB; split it",
        "filen är större än {limit} MB; dela upp den",
    ),
    "import.format": (
        "'{suffix}' files cannot be imported; save the sheet as .xlsx or .csv",
        "'{suffix}'-filer kan inte importeras; spara bladet som .xlsx eller .csv",
    ),
    "import.not_utf8": (
        "the file is not UTF-8; in Excel choose 'CSV UTF-8 (kommaavgränsad)' when saving",
        "filen är inte UTF-8; välj 'CSV UTF-8 (kommaavgränsad)' när du sparar i Excel",
    ),
    "import.bad_csv": ("the CSV cannot be read: {detail}", "CSV-filen kan inte läsas: {detail}"),
    "import.bad_xlsx": (
        "the file is not an Excel workbook that can be read ({detail})",
        "filen är ingen Excel-arbetsbok som går att läsa ({detail})",
    ),
    "import.no_openpyxl": (
        "reading .xlsx needs openpyxl: pip install openpyxl",
        "för att läsa .xlsx behövs openpyxl: pip install openpyxl",
    ),
    "import.empty": ("the file has no header row", "filen har ingen rubrikrad"),
    "import.too_many_rows": (
        "more than {limit} rows; split the file",
        "fler än {limit} rader; dela upp filen",
    ),
    "import.unknown_column": (
        "unknown column '{column}'; the columns are: {known}",
        "okänd kolumn '{column}'; kolumnerna är: {known}",
    ),
    "import.double_column": (
        "the column '{column}' appears twice",
        "kolumnen '{column}' finns två gånger",
    ),
    "import.missing_column": (
        "the header has no column '{column}'",
        "rubrikraden saknar kolumnen '{column}'",
    ),
    "import.which_programme": (
        "which programme? Fill in the column 'programme' (one of: {known})",
        "vilket program? Fyll i kolumnen 'programme' (ett av: {known})",
    ),
    "import.empty_cell": ("the column '{column}' is empty", "kolumnen '{column}' är tom"),
    "import.unknown_programme_suggest": (
        "there is no programme '{value}'; did you mean '{suggestion}'?",
        "det finns inget program '{value}'; menade du '{suggestion}'?",
    ),
    "import.unknown_programme": (
        "there is no programme '{value}'; the programmes are: {known}",
        "det finns inget program '{value}'; programmen är: {known}",
    ),
    "import.unknown_benefit_suggest": (
        "there is no benefit '{value}'; did you mean '{suggestion}'?",
        "det finns ingen nytta '{value}'; menade du '{suggestion}'?",
    ),
    "import.unknown_benefit": (
        "there is no benefit '{value}' in {within}; its benefits are: {known}",
        "det finns ingen nytta '{value}' i {within}; dess nyttor är: {known}",
    ),
    "import.unknown_indicator_suggest": (
        "there is no indicator '{value}'; did you mean '{suggestion}'?",
        "det finns ingen indikator '{value}'; menade du '{suggestion}'?",
    ),
    "import.unknown_indicator": (
        "there is no indicator '{value}' in the benefit {within}; its indicators are: {known}",
        "det finns ingen indikator '{value}' i nyttan {within}; dess indikatorer är: {known}",
    ),
    "import.bad_date": (
        "'{value}' is not a date; write YYYY-MM-DD (or a year, meaning 31 December)",
        "'{value}' är inget datum; skriv ÅÅÅÅ-MM-DD (eller ett år, som då betyder 31 december)",
    ),
    "import.future": (
        "{date} is after today ({today}): a measurement cannot be dated in the future",
        "{date} är efter i dag ({today}): ett mätvärde kan inte dateras i framtiden",
    ),
    "import.no_value": ("the column '{column}' is empty", "kolumnen '{column}' är tom"),
    "import.not_number": (
        "'{value}' in '{column}' is not a number (write 29,5 or 29.5, without units)",
        "'{value}' i '{column}' är inget tal (skriv 29,5 eller 29.5, utan enhet)",
    ),
    "import.by_sex": (
        "the indicator {indicator} is reported for women and men: fill in '{column}'",
        "indikatorn {indicator} redovisas för kvinnor och män: fyll i '{column}'",
    ),
    "import.twice": (
        "the same indicator and date ({date}) is already on row {row}",
        "samma indikator och datum ({date}) finns redan på rad {row}",
    ),
    "import.conflict": (
        "{file} already has {existing} for {date}; change the file or the sheet so they agree",
        "{file} har redan {existing} för {date}; ändra filen eller bladet så att de stämmer",
    ),
    # ------------------------------------------------------------ PS2xx references and map
    "ref.unknown": (
        "there is {none} with the id '{ref}'",
        "det finns {none} med id '{ref}'",
    ),
    "ref.unknown_list": (
        "there is {none} with the id '{ref}'; the ids are: {known}",
        "det finns {none} med id '{ref}'; de id som finns är: {known}",
    ),
    "ref.unknown_new": (
        "there is {none} with the id '{ref}'; the ids are: {known} (a new one is started with "
        "`progstyr new {kind} {new_id}`)",
        "det finns {none} med id '{ref}'; de id som finns är: {known} (en ny påbörjas med "
        "`progstyr new {kind} {new_id}`)",
    ),
    "ref.unknown_suggest": (
        "there is {none} with the id '{ref}'; did you mean '{suggestion}'?",
        "det finns {none} med id '{ref}'; menade du '{suggestion}'?",
    ),
    "ref.none.benefit": ("no benefit", "ingen nytta"),
    "ref.none.gap": ("no gap", "inget gap"),
    "ref.none.organisation": ("no organisation", "ingen organisation"),
    "dup.indicator": (
        "the indicator id '{id}' is used twice in this benefit",
        "indikator-id '{id}' används två gånger i nyttan",
    ),
    "dup.organisation": (
        "the organisation id '{id}' is declared twice",
        "organisations-id '{id}' finns två gånger",
    ),
    "map.cycle": (
        "the benefits map goes round in a circle: {cycle}",
        "nyttokartan går runt i en cirkel: {cycle}",
    ),
    "map.end_contributes": (
        "an end benefit does not contribute to other benefits; set 'level: intermediate' "
        "or remove 'contributes_to'",
        "en huvudnytta bidrar inte till andra nyttor; ange 'level: intermediate' "
        "eller ta bort 'contributes_to'",
    ),
    "map.intermediate_alone": (
        "an intermediate benefit must contribute to another benefit; add 'contributes_to'",
        "en delnytta ska bidra till en annan nytta; lägg till 'contributes_to'",
    ),
    # ------------------------------------------------------------ PS3xx dates
    "date.period_reversed": (
        "the period ends ({end}) before it starts ({start})",
        "perioden slutar ({end}) innan den börjar ({start})",
    ),
    "date.target_before_baseline": (
        "the target date ({target}) is before the baseline date ({baseline})",
        "målvärdets datum ({target}) ligger före utgångsvärdets ({baseline})",
    ),
    "date.outside_programme": (
        "the project period {start} to {end} lies outside the programme period {pstart} to {pend}",
        "projektperioden {start} till {end} ligger utanför programperioden {pstart} till {pend}",
    ),
    "date.future_measurement": (
        "this measurement is dated {date}, after today ({as_of})",
        "mätningen är daterad {date}, efter dagens datum ({as_of})",
    ),
    "date.future_status": (
        "this status update is dated {date}, after today ({as_of})",
        "statusrapporten är daterad {date}, efter dagens datum ({as_of})",
    ),
    "date.measurement_order": (
        "measurements are out of date order: {date} comes after {previous}",
        "mätningarna står i fel datumordning: {date} kommer efter {previous}",
    ),
    "date.measurement_same": (
        "two measurements on the same date ({date})",
        "två mätningar samma datum ({date})",
    ),
    "date.status_order": (
        "status updates are out of date order: {date} comes after {previous}",
        "statusrapporterna står i fel datumordning: {date} kommer efter {previous}",
    ),
    "date.status_same": (
        "two status updates on the same date ({date})",
        "två statusrapporter samma datum ({date})",
    ),
    # ------------------------------------------------------------ PS4xx measurability
    "measure.by_sex_both": (
        "the indicator '{id}' is reported by sex (by_sex: true), but its {what} of {date} gives neither "
        "'women' nor 'men'; add both beside 'value'",
        "indikatorn '{id}' är könsuppdelad (by_sex: true), men dess {what} {date} anger varken "
        "'women' eller 'men'; lägg till båda bredvid 'value'",
    ),
    "measure.by_sex_women": (
        "the indicator '{id}' is reported by sex (by_sex: true), but its {what} of {date} has no 'women'",
        "indikatorn '{id}' är könsuppdelad (by_sex: true), men dess {what} {date} saknar 'women'",
    ),
    "measure.by_sex_men": (
        "the indicator '{id}' is reported by sex (by_sex: true), but its {what} of {date} has no 'men'",
        "indikatorn '{id}' är könsuppdelad (by_sex: true), men dess {what} {date} saknar 'men'",
    ),
    "value_kind.baseline": ("baseline", "utgångsvärde"),
    "value_kind.target": ("target", "målvärde"),
    "value_kind.measurement": ("measurement", "mätning"),
    "measure.no_indicator": (
        "this benefit has no indicator, so nobody can tell whether it is achieved",
        "nyttan saknar indikator, så ingen kan avgöra om den uppnås",
    ),
    "measure.no_baseline": (
        "the indicator '{id}' has no baseline",
        "indikatorn '{id}' saknar utgångsvärde",
    ),
    "measure.no_target": (
        "the indicator '{id}' has no target",
        "indikatorn '{id}' saknar målvärde",
    ),
    "measure.no_baseline_target": (
        "the indicator '{id}' has neither baseline nor target",
        "indikatorn '{id}' saknar både utgångsvärde och målvärde",
    ),
    "measure.wrong_direction": (
        "the target {target} does not {direction} from the baseline {baseline}",
        "målvärdet {target} innebär ingen {direction} från utgångsvärdet {baseline}",
    ),
    "measure.stale": (
        "the indicator '{id}' has not been measured in the last 12 months (latest {date})",
        "indikatorn '{id}' har inte mätts de senaste 12 månaderna (senast {date})",
    ),
    "measure.never": (
        "the indicator '{id}' has never been measured",
        "indikatorn '{id}' har aldrig mätts",
    ),
    "direction.increase.verb": ("increase", "ökning"),
    "direction.decrease.verb": ("decrease", "minskning"),
    # ------------------------------------------------------------ PS5xx coverage
    "cover.no_gap": (
        "this project closes no gap; name the gaps it closes in 'closes'",
        "projektet stänger inget gap; ange gapen det stänger under 'closes'",
    ),
    "cover.high_gap_uncovered": (
        "high-priority gap with no project in execution or delivered",
        "högprioriterat gap utan projekt i genomförande eller levererat",
    ),
    "cover.benefit_no_gap": (
        "no gap serves this benefit, so no work leads to it",
        "inget gap tjänar denna nytta, så inget arbete leder dit",
    ),
    "cover.closed_undelivered": (
        "the gap is marked closed, but no completed or handed-over project closes it",
        "gapet är markerat som stängt, men inget avslutat eller överlämnat projekt stänger det",
    ),
    # ------------------------------------------------------------ PS6xx lifecycle
    "life.no_recipient": (
        "the project is {phase} but names no handover recipient (who carries the work on?): add "
        "'handover:' with 'recipient: <organisation id>'",
        "projektet är {phase} men anger ingen mottagare (vem driver arbetet vidare?): lägg till "
        "'handover:' med 'recipient: <organisationens id>'",
    ),
    "life.closing_no_recipient": (
        "the programme is closing: this project ({phase}) needs a handover recipient: add "
        "'handover:' with 'recipient: <organisation id>' (who carries the work on)",
        "programmet stängs: projektet ({phase}) behöver en mottagare: lägg till 'handover:' med "
        "'recipient: <organisationens id>' (den som driver arbetet vidare)",
    ),
    "life.closed_still_running": (
        "the programme is closed, but this project is still {phase}",
        "programmet är stängt, men projektet är fortfarande {phase}",
    ),
    "life.stale_status": (
        "the latest status update is {days} days old ({date}); the limit is {limit} days",
        "senaste statusrapporten är {days} dagar gammal ({date}); gränsen är {limit} dagar",
    ),
    "life.no_status": (
        "the project is in execution but has no status update",
        "projektet är i genomförande men saknar statusrapport",
    ),
    "life.past_end": (
        "the project ended {end} but is still {phase}",
        "projektet slutade {end} men är fortfarande {phase}",
    ),
    "life.milestone_late": (
        "the milestone '{name}' was due {date} and is not done",
        "milstolpen '{name}' skulle vara klar {date} men är det inte",
    ),
    # ------------------------------------------------------------ PS7xx budget
    "budget.funding_mismatch": (
        "the funding adds up to {funding}, but the budget total is {total}",
        "finansieringen summerar till {funding}, men budgetens total är {total}",
    ),
    "budget.overspent": (
        "spent ({spent}) exceeds the budget total ({total})",
        "förbrukat ({spent}) överstiger budgetens total ({total})",
    ),
    # ------------------------------------------------------------ coverage output
    "cov.heading": ("Coverage", "Täckning"),
    "cov.as_of": ("as of {date}", "per {date}"),
    "cov.benefits": ("Benefits", "Nyttor"),
    "cov.gaps": ("Gaps", "Gap"),
    "cov.indicators": ("Indicators", "Indikatorer"),
    "cov.summary": ("Summary", "Sammanfattning"),
    "cov.benefits_covered": (
        "Benefits with coverage: {covered} of {total}",
        "Nyttor med täckning: {covered} av {total}",
    ),
    "cov.gaps_covered": ("Covered gaps: {covered} of {total}", "Täckta gap: {covered} av {total}"),
    "cov.high_uncovered": (
        "High-priority gaps not covered: {items}",
        "Högprioriterade gap utan täckning: {items}",
    ),
    "cov.no_gap_projects": (
        "Projects closing no gap: {items}",
        "Projekt som inte stänger något gap: {items}",
    ),
    "cov.budget_line": (
        "Budget of contributing projects: {contributing}, attributed to benefits: {attributed}",
        "Budget för bidragande projekt: {contributing}, fördelat på nyttor: {attributed}",
    ),
    "cov.none": ("none", "inga"),
    "cov.matrix": ("Traceability: projects × benefits", "Spårbarhet: projekt × nyttor"),
    "cov.matrix_legend": (
        "● the project closes a gap that lists the benefit; ○ it serves the benefit through an "
        "intermediate benefit.",
        "● projektet stänger ett gap som anger nyttan; ○ det tjänar nyttan via en delnytta.",
    ),
    "cov.map": ("Benefits map", "Nyttokarta"),
    "cov.no_benefits": ("No benefits yet.", "Inga nyttor ännu."),
    "cov.no_projects": ("No projects yet.", "Inga projekt ännu."),
    "cov.no_gaps": ("No gaps yet.", "Inga gap ännu."),
    "new.bad_id": (
        "'{value}' cannot be made into an id (a-z, 0-9 and '-')",
        "'{value}' kan inte göras till ett id (a-z, 0-9 och '-')",
    ),
    "new.exists": ("{path} already exists; nothing was written", "{path} finns redan; inget skrevs"),
    "new.created": ("Created {path}", "Skapade {path}"),
    "new.no_programme": (
        "{folder} is not a programme folder (it has no programme.yaml), so nothing was written; "
        "say which programme with --programme, e.g. --programme {example} (programmes here: {known})",
        "{folder} är ingen programmapp (den har ingen programme.yaml), så inget skrevs; ange "
        "programmet med --programme, t.ex. --programme {example} (program här: {known})",
    ),
    "new.todo.choices": ("(to choose from: {ids})", "(att välja bland: {ids})"),
    "new.todo.description": ("describe the programme", "beskriv programmet"),
    "new.todo.portfolio_description": ("describe the portfolio", "beskriv portföljen"),
    "new.todo.portfolio_organisations": (
        "the programme's own actors; shared ones are declared in ../portfolio.yaml",
        "programmets egna aktörer; gemensamma anges i ../portfolio.yaml",
    ),
    "new.todo.shared_organisations": (
        "actors every programme of the portfolio may refer to",
        "aktörer som alla portföljens program kan hänvisa till",
    ),
    "new.todo.goals": (
        "the goals the owner decided (id, name, decided_by); end benefits name them in serves",
        "målen som ägaren beslutat (id, name, decided_by); huvudnyttorna anger dem i serves",
    ),
    "new.todo.owner": ("the accountable organisation (an id below)", "ansvarig organisation (ett id nedan)"),
    "new.todo.period": ("the planned end date", "planerat slutdatum"),
    "new.todo.organisations": ("declare every actor here", "ange alla aktörer här"),
    "new.todo.benefit_owner": ("the benefit owner", "nyttoägaren"),
    "new.todo.indicators": (
        "how is the benefit measured? id, name, direction, baseline, target",
        "hur mäts nyttan? id, name, direction, baseline, target",
    ),
    "new.todo.current_state": ("what is done today", "vad som görs i dag"),
    "new.todo.desired_state": ("the desired state", "önskat läge"),
    "new.todo.gap_benefits": ("the benefits closing this gap serves", "nyttorna som gapet tjänar"),
    "new.todo.priority": (
        "high, medium or low, from the joint prioritisation",
        "high, medium eller low enligt den gemensamma prioriteringen",
    ),
    "new.todo.project_owner": ("the project owner", "projektägaren"),
    "new.todo.closes": ("the gaps this project closes", "gapen som projektet stänger"),
    "new.todo.budget": ("total budget, and funding sources", "total budget och finansiering"),
    "fmt.failed": ("the file could not be formatted ({detail})", "filen kunde inte formateras ({detail})"),
    "fmt.not_lossless": (
        "formatting would change the data, so the file was left as it is",
        "formateringen skulle ändra innehållet, så filen lämnades orörd",
    ),
    "fmt.write_failed": ("the file could not be written ({detail})", "filen kunde inte skrivas ({detail})"),
    "fmt.would_change": ("would reformat {path}", "skulle formatera om {path}"),
    "fmt.reformatted": ("reformatted {path}", "formaterade om {path}"),
    "fmt.skipped": (
        "{path}:{line}:{col}: left as it is: {reason}",
        "{path}:{line}:{col}: lämnad orörd: {reason}",
    ),
    "fmt.summary": (
        "{changed} of {files} files reformatted, {skipped} left as they are.",
        "{changed} av {files} filer formaterades om, {skipped} lämnades orörda.",
    ),
    "fmt.check_summary": (
        "{changed} of {files} files would be reformatted, {skipped} cannot be formatted.",
        "{changed} av {files} filer skulle formateras om, {skipped} går inte att formatera.",
    ),
    # ------------------------------------------------------------ writing files (fileio.WriteError reasons)
    "write.changed": (
        "it changed after progstyr read it (saved by an editor or another program), so it was not "
        "overwritten; run the command again",
        "den ändrades efter att progstyr läst den (sparad av en redigerare eller ett annat program), så "
        "den skrevs inte över; kör kommandot igen",
    ),
    "write.read_only": (
        "it is read-only, so it was not changed",
        "den är skrivskyddad, så den ändrades inte",
    ),
    "write.full": ("the disk is full", "disken är full"),
    "write.no_folder": ("its folder does not exist", "mappen den ska ligga i finns inte"),
    "write.is_folder": ("it is a folder, not a file", "det är en mapp, inte en fil"),
    "write.not_regular": ("it is not a regular file", "det är ingen vanlig fil"),
    "write.denied": ("permission denied ({detail})", "åtkomst nekad ({detail})"),
    "write.failed": ("{detail}", "{detail}"),
    "cli.write_failed": ("Could not write {path}: {reason}", "Kunde inte skriva {path}: {reason}"),
    "col.file": ("File", "Fil"),
    "col.code": ("Code", "Kod"),
    "col.severity": ("Severity", "Allvarlighet"),
    "col.message": ("Message", "Meddelande"),
    "rules.explain_why": ("Why", "Varför"),
    "rules.family": ("Family", "Familj"),
    "rules.unknown": (
        "Unknown code '{code}'. Run 'progstyr rules' for the list.",
        "Okänd kod '{code}'. Kör 'progstyr rules' för listan.",
    ),
    "schema.written": ("Wrote {count} schemas to {path}", "Skrev {count} scheman till {path}"),
    "csv.programme": ("programme", "program"),
    "csv.programme_name": ("programme_name", "programnamn"),
    "csv.benefit": ("benefit", "nytta"),
    "csv.benefit_name": ("benefit_name", "nyttans namn"),
    "csv.level": ("level", "nivå"),
    "csv.gaps": ("gaps", "gap"),
    "csv.covered_gaps": ("covered_gaps", "täckta gap"),
    "csv.coverage": ("coverage", "täckningsgrad"),
    "csv.budget": ("budget", "fördelad budget"),
    "col.benefit": ("Benefit", "Nytta"),
    "col.level": ("Level", "Nivå"),
    "col.gaps": ("Gaps covered", "Täckta gap"),
    "col.coverage": ("Coverage", "Täckning"),
    "col.budget": ("Attributed budget", "Fördelad budget"),
    "col.indicators": ("Indicators", "Indikatorer"),
    "col.gap": ("Gap", "Gap"),
    "col.priority": ("Priority", "Prioritet"),
    "col.work": ("Work", "Arbete"),
    "col.projects": ("Projects", "Projekt"),
    "col.project": ("Project", "Projekt"),
    "col.indicator": ("Indicator", "Indikator"),
    "col.baseline": ("Baseline", "Utgångsvärde"),
    "col.latest": ("Latest", "Senaste"),
    "col.target": ("Target", "Målvärde"),
    "col.progress": ("Progress", "Utveckling"),
    "col.expected": ("Expected", "Förväntat"),
    "col.status": ("Status", "Status"),
    "col.trend": ("Trend", "Trend"),
    "status.achieved": ("achieved", "uppnått"),
    "status.on-track": ("on track", "i fas"),
    "status.behind": ("behind", "efter plan"),
    "status.worsening": ("worsening", "försämras"),
    "status.no-data": ("no data", "inga mätningar"),
    "status.unknown": ("unknown", "okänt"),
    "status.missed": ("missed", "ej uppnått"),
    "level.none": ("none", "inget"),
    "level.planned": ("planned", "planerat"),
    "level.active": ("active", "pågår"),
    "level.delivered": ("delivered", "levererat"),
    "priority.high": ("high", "hög"),
    "priority.medium": ("medium", "medel"),
    "priority.low": ("low", "låg"),
    "benefit_level.end": ("end benefit", "huvudnytta"),
    "benefit_level.intermediate": ("intermediate", "delnytta"),
    # ------------------------------------------------------------ the status report
    "rep.title": ("Status report", "Lägesrapport"),
    "rep.portfolio": ("Portfolio overview", "Portföljöversikt"),
    "rep.portfolio_intro": (
        "{count} programmes as of {date}.",
        "{count} program per {date}.",
    ),
    "rep.programme": ("Programme", "Program"),
    "rep.phase": ("Phase", "Fas"),
    "rep.period": ("Period", "Period"),
    "rep.owner": ("Owner", "Programägare"),
    "rep.manager": ("Programme manager", "Programchef"),
    "rep.as_of": ("As of", "Per"),
    "rep.commit": ("Git commit", "Git-version"),
    "rep.uncommitted": (
        "{commit}, with changes not yet committed",
        "{commit}, med ändringar som inte är incheckade",
    ),
    "rep.since_title": ("Changes since {date} ({ref})", "Förändringar sedan {date} ({ref})"),
    "rep.where": ("File", "Fil"),
    "decision_kind.proposal": ("Proposal: {summary}", "Förslag: {summary}"),
    "decision_kind.delegated": ("Delegated decision: {summary}", "Delegationsbeslut: {summary}"),
    "rep.by_sex": ("W {women} · M {men}", "K {women} · M {men}"),
    "rep.by_sex_legend": (
        "W = women, M = men: indicators reported by sex show both beside the total.",
        "K = kvinnor, M = män: könsuppdelade indikatorer visar båda bredvid totalen.",
    ),
    "rep.map_as_text": ("The benefits map as text", "Nyttokartan som text"),
    "rep.unit": ("Unit: {unit}", "Enhet: {unit}"),
    "rep.rating_excluded": ("{ratings} ({excluded})", "{ratings} ({excluded})"),
    "rep.measure_until": ("Benefits followed up until", "Nyttorna följs upp till"),
    "rep.summary": ("Summary", "Sammanfattning"),
    "rep.benefits": ("Benefits and indicators", "Nyttor och indikatorer"),
    "rep.map": ("Benefits map", "Nyttokarta"),
    "rep.gaps": ("Gaps", "Gap"),
    "rep.projects": ("Projects", "Projekt"),
    "rep.timeline": ("Timeline", "Tidslinje"),
    "rep.attention": ("Needs attention", "Att besluta och uppmärksamma"),
    "rep.nothing_attention": ("Nothing needs attention.", "Inget kräver särskild uppmärksamhet."),
    "rep.changes_intro": (
        "Compared with the files at {ref} (commit {commit}, {date}).",
        "Jämfört med filerna i {ref} (version {commit}, {date}).",
    ),
    "rep.no_changes": ("No changes.", "Inga förändringar."),
    "rep.no_other_changes": ("No other changes.", "Inga andra förändringar."),
    "rep.drift": ("Goal drift", "Målförskjutning"),
    "rep.no_drift": (
        "No benefit, gap or indicator target has changed.",
        "Ingen nytta, inget gap och inget målvärde har ändrats.",
    ),
    "rep.drift_no_decision": (
        "No decision was logged in between: the change of goals has no recorded decision.",
        "Inget beslut har loggats under tiden: målförändringen saknar ett registrerat beslut.",
    ),
    "rep.drift_decided": (
        "Decisions logged in between are listed under Recent decisions.",
        "Beslut som loggats under tiden finns under Senaste beslut.",
    ),
    "rep.added": ("Added", "Tillkommit"),
    "rep.removed": ("Removed", "Borttaget"),
    "rep.phase_changes": ("Phase changes", "Fasändringar"),
    "rep.rating_changes": ("Rating changes", "Ändrade bedömningar"),
    "rep.new_measurements": ("New measurements", "Nya mätningar"),
    "rep.new_decisions": ("Decisions added", "Nya beslut"),
    "rep.decisions": ("Recent decisions", "Senaste beslut"),
    "rep.no_decisions": ("No decisions logged.", "Inga beslut loggade."),
    "rep.benefit_coverage": (
        "{covered} of {total} benefits are served by work under way or delivered; "
        "{gaps_covered} of {gaps} gaps are covered.",
        "{covered} av {total} nyttor betjänas av pågående eller levererat arbete; "
        "{gaps_covered} av {gaps} gap är täckta.",
    ),
    "rep.projects_by_phase": ("Projects by phase: {items}", "Projekt per fas: {items}"),
    "rep.projects_by_rating": ("Current rating: {items}", "Aktuell bedömning: {items}"),
    "rep.indicators_by_status": ("Indicators: {items}", "Indikatorer: {items}"),
    "rep.budget": (
        "Budget {total}, of which spent {spent}.",
        "Budget {total}, varav förbrukat {spent}.",
    ),
    "rep.level_coverage": ("{level}, coverage {coverage}", "{level}, täckning {coverage}"),
    "rep.no_indicators": ("No indicators.", "Inga indikatorer."),
    "rep.col.budget_spent": ("Budget (spent)", "Budget (förbrukat)"),
    "rep.col.rating": ("Rating", "Bedömning"),
    "rep.col.comment": ("Latest comment", "Senaste kommentar"),
    "rep.col.handover": ("Handover to", "Mottagare"),
    "rep.col.owner": ("Owner", "Ägare"),
    "rep.col.period": ("Period", "Period"),
    "rep.col.phase": ("Phase", "Fas"),
    "rep.col.benefits": ("Benefits covered", "Nyttor med täckning"),
    "rep.col.gaps": ("Gaps covered", "Täckta gap"),
    "rep.col.indicators": ("Indicators", "Indikatorer"),
    "rep.col.ratings": ("Projects by rating", "Projekt per bedömning"),
    "rep.col.budget": ("Budget (spent)", "Budget (förbrukat)"),
    "rep.col.date": ("Date", "Datum"),
    "rep.col.body": ("Decided by", "Beslutande"),
    "rep.col.reference": ("Reference", "Diarienummer"),
    "rep.col.summary": ("Decision", "Beslut"),
    "rep.footer": (
        "Generated by progstyr {version} from the programme files.",
        "Skapad av progstyr {version} från programfilerna.",
    ),
    "att.kind.drift": ("Goal drift", "Målförskjutning"),
    "att.kind.missed": ("Target missed", "Mål ej uppnått"),
    "att.kind.worsening": ("Moving away from the target", "Rör sig bort från målet"),
    "att.kind.uncovered": (
        "High-priority gap without work under way",
        "Högprioriterat gap utan pågående arbete",
    ),
    "att.kind.ending": ("Ending within 90 days", "Slutar inom 90 dagar"),
    "att.kind.error": ("Error in the files", "Fel i filerna"),
    "att.kind.warning": ("Warning", "Varning"),
    "att.worsening": (
        "further from the target than at the baseline",
        "längre från målet än vid utgångsläget",
    ),
    "att.missed": (
        "the target {target} was to be reached by {date}; latest measurement {latest}",
        "målvärdet {target} skulle nås senast {date}; senaste mätning {latest}",
    ),
    "att.ending": (
        "ends {date}; is a recipient in place?",
        "slutar {date}; finns en mottagare?",
    ),
    "n.drift.one": (
        "{n} change to benefits, gaps or targets since {ref}; decisions logged in between are listed "
        "under Recent decisions",
        "{n} ändring av nyttor, gap eller målvärden sedan {ref}; beslut som loggats under tiden finns "
        "under Senaste beslut",
    ),
    "n.drift.many": (
        "{n} changes to benefits, gaps or targets since {ref}; decisions logged in between are listed "
        "under Recent decisions",
        "{n} ändringar av nyttor, gap eller målvärden sedan {ref}; beslut som loggats under tiden finns "
        "under Senaste beslut",
    ),
    "n.drift_no_decision.one": (
        "{n} change to benefits, gaps or targets since {ref}, and no decision logged in between",
        "{n} ändring av nyttor, gap eller målvärden sedan {ref}, och inget beslut loggat under tiden",
    ),
    "n.drift_no_decision.many": (
        "{n} changes to benefits, gaps or targets since {ref}, and no decision logged in between",
        "{n} ändringar av nyttor, gap eller målvärden sedan {ref}, och inget beslut loggat under tiden",
    ),
    "chg.added.benefit": ("Benefit added: {name}", "Ny nytta: {name}"),
    "chg.added.gap": ("Gap added: {name}", "Nytt gap: {name}"),
    "chg.added.project": ("Project added: {name}", "Nytt projekt: {name}"),
    "chg.removed.benefit": ("Benefit removed: {name}", "Nytta borttagen: {name}"),
    "chg.removed.gap": ("Gap removed: {name}", "Gap borttaget: {name}"),
    "chg.removed.project": ("Project removed: {name}", "Projekt borttaget: {name}"),
    "chg.programme_phase": ("Programme phase: {was} → {now}", "Programmets fas: {was} → {now}"),
    "chg.project_phase": ("{name}: {was} → {now}", "{name}: {was} → {now}"),
    "chg.rating": ("{name}: {was} → {now}", "{name}: {was} → {now}"),
    "chg.measurement": ("{indicator}: {value}", "{indicator}: {value}"),
    "chg.decision": ("{date} {body}: {summary}", "{date} {body}: {summary}"),
    "chg.drift.benefit_added": ("Benefit added: {name}", "Ny nytta: {name}"),
    "chg.drift.benefit_removed": ("Benefit removed: {name}", "Nytta borttagen: {name}"),
    "chg.drift.gap_added": ("Gap added: {name}", "Nytt gap: {name}"),
    "chg.drift.gap_removed": ("Gap removed: {name}", "Gap borttaget: {name}"),
    "chg.drift.indicator_added": (
        "Indicator added to {benefit}: {indicator}",
        "Ny indikator för {benefit}: {indicator}",
    ),
    "chg.drift.indicator_removed": (
        "Indicator removed from {benefit}: {indicator}",
        "Indikator borttagen från {benefit}: {indicator}",
    ),
    "chg.drift.target": ("Target of {indicator}: {was} → {now}", "Målvärde för {indicator}: {was} → {now}"),
    "chg.drift.baseline": (
        "Baseline of {indicator}: {was} → {now}",
        "Utgångsvärde för {indicator}: {was} → {now}",
    ),
    "chg.drift.direction": (
        "Direction of {indicator}: {was} → {now}",
        "Riktning för {indicator}: {was} → {now}",
    ),
    "rating.green": ("green", "grön"),
    "rating.amber": ("amber", "gul"),
    "rating.red": ("red", "röd"),
    "rating.none": ("not rated", "ej bedömd"),
    "gantt.delivered": ("Delivered", "Levererat"),
    "gantt.active": ("In execution", "Pågår"),
    "gantt.planned": ("Planned", "Planerat"),
    "gantt.cancelled": ("Cancelled", "Avbrutet"),
    # ------------------------------------------------------------ the portfolio level in the report
    # and coverage (SPEC §10-§11): goals, shared indicators, resources, governance, glossary.
    "rep.pf.title": (
        "{name}: shared goals, resources and governance",
        "{name}: gemensamma mål, resurser och styrning",
    ),
    "rep.pf.owner": ("Owner", "Ägare"),
    "rep.pf.programmes": ("Programmes", "Program"),
    "rep.pf.goals": ("Goals decided by the owner", "Mål som ägaren beslutat"),
    "rep.pf.decided.decision": ("Decided by {body} on {date}", "Beslutat av {body} {date}"),
    "rep.pf.decided.proposal": ("Proposed by {body} on {date}", "Föreslaget av {body} {date}"),
    "rep.pf.decided.delegated": (
        "Decided under delegation by {body} on {date}",
        "Beslutat på delegation av {body} {date}",
    ),
    "rep.pf.no_goals": ("The portfolio has no decided goals.", "Portföljen har inga beslutade mål."),
    "rep.pf.goal_unserved": (
        "No benefit of the programmes serves this goal.",
        "Ingen nytta i programmen bidrar till målet.",
    ),
    "rep.pf.unserved": ("End benefits serving no goal", "Huvudnyttor som inte bidrar till något mål"),
    "rep.pf.unserved_intro": (
        "Possible goal drift: these benefits are tied to no goal the owner decided.",
        "Möjlig målglidning: nyttorna är inte kopplade till något av de mål som ägaren beslutat.",
    ),
    "rep.pf.all_served": (
        "Every end benefit serves at least one goal.",
        "Varje huvudnytta bidrar till minst ett mål.",
    ),
    "rep.pf.shared": ("Shared indicators", "Gemensamma indikatorer"),
    "rep.pf.shared_intro": (
        "Each programme's own indicator that reports the shared one, side by side.",
        "Varje programs egen indikator för den gemensamma indikatorn, sida vid sida.",
    ),
    "rep.pf.direction.increase": ("Higher is better", "Högre är bättre"),
    "rep.pf.direction.decrease": ("Lower is better", "Lägre är bättre"),
    "rep.pf.source": ("Source: {source}", "Källa: {source}"),
    "rep.pf.not_reported": ("Not reported by: {items}", "Rapporteras inte av: {items}"),
    "rep.pf.no_reports": (
        "No programme reports this indicator yet.",
        "Inget program rapporterar indikatorn ännu.",
    ),
    "rep.pf.no_shared": (
        "The portfolio has no shared indicators.",
        "Portföljen har inga gemensamma indikatorer.",
    ),
    "rep.pf.chart.target": ("target (hollow mark)", "målvärde (ihålig symbol)"),
    "rep.pf.chart.alt": (
        "{indicator}, compared across the programmes. {rows}",
        "{indicator}, jämfört mellan programmen. {rows}",
    ),
    "rep.pf.chart.alt_row": (
        "{programme}: baseline {baseline}, latest {latest}, target {target}; {status}.",
        "{programme}: utgångsvärde {baseline}, senaste {latest}, målvärde {target}; {status}.",
    ),
    "rep.pf.resources": ("Resources", "Resurser"),
    "rep.pf.resources_intro": (
        "The programmes' own running costs and staff; the projects' budgets are not included.",
        "Programmens egna kostnader och personal; projektens budgetar ingår inte.",
    ),
    "rep.pf.resources_intro_programme": (
        "The programme's own running costs and staff; the projects' budgets are not included.",
        "Programmets egna kostnader och personal; projektens budgetar ingår inte.",
    ),
    "rep.pf.col.year": ("Year", "År"),
    "rep.pf.col.total": ("Total", "Summa"),
    "rep.pf.all_years": ("All years", "Alla år"),
    "rep.pf.category.staff": ("Staff", "Personal"),
    "rep.pf.category.activities": ("Activities", "Aktiviteter"),
    "rep.pf.category.communication": ("Communication", "Kommunikation"),
    "rep.pf.category.premises": ("Premises", "Lokaler"),
    "rep.pf.category.other": ("Other", "Övrigt"),
    "rep.pf.shares_note": (
        "Each share is of the year's total; on the last row, of all years together.",
        "Andelarna gäller årets summa; på sista raden alla år tillsammans.",
    ),
    "rep.pf.fte": ("Full-time equivalents", "Årsarbetare"),
    "rep.pf.fte_value": ("{n} FTE", "{n} årsarbetare"),
    "rep.pf.fte_total": ("In total {value}.", "Totalt {value}."),
    "rep.pf.payers": ("Who pays", "Betalare"),
    "rep.pf.col.payer": ("Payer", "Betalare"),
    "rep.pf.col.amount": ("Amount", "Belopp"),
    "rep.pf.col.share": ("Share", "Andel"),
    "rep.pf.col.in_kind": ("Of which in kind", "Varav i natura"),
    "rep.pf.col.fte": ("FTE", "Årsarbetare"),
    "rep.pf.no_payer": ("Payer not given", "Betalare inte angiven"),
    "rep.pf.cash_in_kind": (
        "Cash {cash}; in kind (staff time, premises) {in_kind}.",
        "Kontanta medel {cash}; insatser i natura (arbetstid, lokaler) {in_kind}.",
    ),
    "rep.pf.sum.goals": (
        "Goals: {served} of {total} are served by benefits of the programmes.",
        "Mål: {served} av {total} har nyttor i programmen som bidrar till dem.",
    ),
    "rep.pf.sum.goals_missing": (
        "Goals no benefit serves: {items}",
        "Mål som ingen nytta bidrar till: {items}",
    ),
    "rep.pf.sum.shared": ("Shared indicators: {items}", "Gemensamma indikatorer: {items}"),
    "rep.pf.sum.resources": ("Resources {years}: {total}", "Resurser {years}: {total}"),
    "rep.pf.sum.staff": ("of which staff {share}", "varav personal {share}"),
    "rep.pf.governance": ("Governance and reporting", "Styrning och återrapportering"),
    "rep.pf.bodies": ("Bodies", "Organ"),
    "rep.pf.col.body": ("Body", "Organ"),
    "rep.pf.col.role": ("Role", "Roll"),
    "rep.pf.col.meets": ("Meets", "Möts"),
    "rep.pf.col.reports_to": ("Reports to", "Rapporterar till"),
    "rep.pf.role.owner": ("owner", "ägare"),
    "rep.pf.role.steering-group": ("steering group", "styrgrupp"),
    "rep.pf.role.preparatory": ("preparatory body", "beredningsgrupp"),
    "rep.pf.role.coordination": ("coordination", "samordning"),
    "rep.pf.role.working-group": ("working group", "arbetsgrupp"),
    "rep.pf.role.reference-group": ("reference group", "referensgrupp"),
    "rep.pf.role.other": ("other", "övrigt"),
    "rep.pf.every.week": ("every week", "varje vecka"),
    "rep.pf.every.other_week": ("every other week", "varannan vecka"),
    "rep.pf.every.weeks": ("every {n} weeks", "var {ordinal} vecka"),
    "rep.pf.every.weeks_interval": ("every {n} weeks", "med {n} veckors mellanrum"),
    "rep.pf.every.month": ("every month", "varje månad"),
    "rep.pf.every.other_month": ("every other month", "varannan månad"),
    "rep.pf.every.months": ("every {n} months", "var {ordinal} månad"),
    "rep.pf.every.year": ("every year", "varje år"),
    "rep.pf.every.other_year": ("every other year", "vartannat år"),
    "rep.pf.reporting": ("Reports owed upward", "Återrapportering"),
    "rep.pf.col.report": ("Report", "Rapport"),
    "rep.pf.col.to": ("To", "Till"),
    "rep.pf.col.every": ("How often", "Hur ofta"),
    "rep.pf.col.last": ("Last delivered", "Senast lämnad"),
    "rep.pf.col.due": ("Next due", "Nästa senast"),
    "rep.pf.col.state": ("State", "Läge"),
    "rep.pf.overdue": ("overdue", "försenad"),
    "rep.pf.on_time": ("on time", "i tid"),
    "rep.pf.no_overdue_reports": (
        "Every report owed upward has been delivered on time.",
        "All återrapportering har lämnats i tid.",
    ),
    "rep.pf.evaluations": ("Evaluations and recommendations", "Utvärderingar och rekommendationer"),
    "rep.pf.kind.external": ("external evaluation", "extern utvärdering"),
    "rep.pf.kind.internal": ("internal evaluation", "intern utvärdering"),
    "rep.pf.kind.research": ("follow-up research", "följeforskning"),
    "rep.pf.kind.none": ("evaluation", "utvärdering"),
    "rep.pf.evaluation_by": ("{kind} by {by}", "{kind}: {by}"),
    "rep.pf.findings": ("Findings", "Iakttagelser"),
    "rep.pf.col.recommendation": ("Recommendation", "Rekommendation"),
    "rep.pf.col.response": ("Response", "Svar"),
    "rep.pf.col.status": ("Status", "Status"),
    "rep.pf.col.rec_due": ("Due", "Senast"),
    "rep.pf.rec.open": ("open", "öppen"),
    "rep.pf.rec.accepted": ("accepted", "accepterad"),
    "rep.pf.rec.rejected": ("rejected", "avvisad"),
    "rep.pf.rec.done": ("done", "genomförd"),
    "rep.pf.rec_overdue": ("{status}, past due", "{status}, försenad"),
    "rep.pf.no_response": ("no response yet", "inget svar ännu"),
    "rep.pf.no_findings": ("No findings recorded.", "Inga iakttagelser noterade."),
    "rep.pf.glossary": ("Shared definitions", "Gemensamma begrepp"),
    "rep.pf.col.term": ("Term", "Begrepp"),
    "rep.pf.col.definition": ("Definition", "Definition"),
    "rep.pf.col.source": ("Source", "Källa"),
    "n.pf.unserved.one": (
        "{n} end benefit serves no goal: {items}",
        "{n} huvudnytta bidrar inte till något mål: {items}",
    ),
    "n.pf.unserved.many": (
        "{n} end benefits serve no goal: {items}",
        "{n} huvudnyttor bidrar inte till något mål: {items}",
    ),
    "n.pf.overdue_reports.one": (
        "{n} of {total} reports owed upward is overdue: {items}",
        "{n} av {total} återrapporteringar är försenad: {items}",
    ),
    "n.pf.overdue_reports.many": (
        "{n} of {total} reports owed upward are overdue: {items}",
        "{n} av {total} återrapporteringar är försenade: {items}",
    ),
    "n.pf.overdue_recommendations.one": (
        "{n} recommendation is still open past its due date.",
        "{n} rekommendation är fortfarande öppen efter sista datum.",
    ),
    "n.pf.overdue_recommendations.many": (
        "{n} recommendations are still open past their due date.",
        "{n} rekommendationer är fortfarande öppna efter sista datum.",
    ),
    # ------------------------------------------------------------ pictures (html and docx)
    "pic.map.title": ("Benefits map of {programme}", "Nyttokarta för {programme}"),
    "pic.map.projects": ("Projects", "Projekt"),
    "pic.map.gaps": ("Gaps", "Gap"),
    "pic.map.benefits": ("Intermediate benefits", "Delnyttor"),
    "pic.map.end_benefits": ("End benefits", "Huvudnyttor"),
    "pic.map.legend.covered": ("covered (work under way or delivered)", "täckt (pågående eller levererat)"),
    "pic.map.legend.planned": ("only planned work", "bara planerat arbete"),
    "pic.map.legend.none": ("no work", "inget arbete"),
    "pic.map.legend.feeds": ("intermediate benefit feeds end benefit", "delnytta bidrar till huvudnytta"),
    "pic.map.alt": (
        "Projects: {projects}; gaps: {gaps}; benefits: {benefits}. {lines}",
        "Projekt: {projects}; gap: {gaps}; nyttor: {benefits}. {lines}",
    ),
    "pic.map.alt_gap": (
        "Gap {gap} ({level}) is closed by {projects} and serves {benefits}.",
        "Gapet {gap} ({level}) stängs av {projects} och tjänar {benefits}.",
    ),
    "pic.map.alt_gap_none": (
        "No project closes gap {gap} ({level}); it serves {benefits}.",
        "Inget projekt stänger gapet {gap} ({level}); det tjänar {benefits}.",
    ),
    "pic.work.none": ("no work", "inget arbete"),
    "pic.work.planned": ("only planned work", "bara planerat arbete"),
    "pic.work.active": ("work under way", "pågående arbete"),
    "pic.work.delivered": ("work delivered", "levererat arbete"),
    "pic.map.alt_feeds": ("{benefit} contributes to {targets}.", "{benefit} bidrar till {targets}."),
    "pic.none": ("no project", "inget projekt"),
    "pic.timeline.title": ("Project timeline of {programme}", "Tidslinje för projekten i {programme}"),
    "pic.timeline.today": ("today", "i dag"),
    "pic.timeline.alt_row": (
        "{project}: {start} to {end}, {phase}.",
        "{project}: {start} till {end}, {phase}.",
    ),
    "pic.chart.measured": ("measured", "mätvärden"),
    "pic.chart.baseline": ("baseline", "utgångsvärde"),
    "pic.chart.target": ("target", "målvärde"),
    "pic.chart.path": ("path to target", "väg mot målet"),
    "pic.chart.today": ("today", "i dag"),
    "pic.chart.women": ("women", "kvinnor"),
    "pic.chart.men": ("men", "män"),
    "pic.chart.alt": (
        "{indicator}: baseline {baseline}, latest {latest}, target {target}; {status}.",
        "{indicator}: utgångsvärde {baseline}, senaste {latest}, målvärde {target}; {status}.",
    ),
    "pic.chart.no_data": ("No measurements yet.", "Inga mätningar ännu."),
    "pic.chart.alt_series": ("Women: {women}; men: {men}.", "Kvinnor: {women}; män: {men}."),
    "pic.timeline.red": ("rated red in the latest status", "bedömt rött i senaste statusrapporten"),
    "pic.timeline.today_at": ("today, {date}", "i dag, {date}"),
    "cli.git": ("Git: {detail}", "Git: {detail}"),
    "cli.template": ("Template problem: {detail}", "Problem med mallen: {detail}"),
    "cli.written": ("Report written to {path}", "Rapporten skriven till {path}"),
    "cli.docx_needs_output": (
        "A Word report is a file: give it a name with -o, e.g. -o report.docx.",
        "En Word-rapport är en fil: ge den ett namn med -o, t.ex. -o rapport.docx.",
    ),
    "cli.reference_missing": (
        "The reference document {path} does not exist or is not a file.",
        "Referensdokumentet {path} finns inte eller är ingen fil.",
    ),
    "cli.reference_bad": (
        "The reference document {path} cannot be used: it is not a Word document (.docx or .dotx).",
        "Referensdokumentet {path} går inte att använda: det är inget Word-dokument (.docx eller .dotx).",
    ),
    "cli.reference_only_docx": (
        "--reference-doc is for Word output: add -o report.docx (or --format docx).",
        "--reference-doc gäller Word-rapporten: lägg till -o rapport.docx (eller --format docx).",
    ),
    "cli.report_suffix": (
        "progstyr writes the report as md, html or docx, not {suffix}. For a PDF, print the html "
        "or convert the docx.",
        "progstyr skriver rapporten som md, html eller docx, inte {suffix}. För en PDF: skriv ut "
        "html-filen eller konvertera docx-filen.",
    ),
    "cli.template_not_html": (
        "The template does not give html (it should start with <!DOCTYPE html>), so it cannot make "
        "a {format} report; use an html template or --format md.",
        "Mallen ger ingen html (den ska börja med <!DOCTYPE html>) och kan därför inte ge en "
        "{format}-rapport; använd en html-mall eller --format md.",
    ),
    "cli.word_missing": (
        "Word output needs two more packages: pip install 'progstyr[word]' (python-docx and resvg-py).",
        "Word-rapporten behöver två paket till: pip install 'progstyr[word]' (python-docx och resvg-py).",
    ),
    "cli.reading": ("Reading files", "Läser filer"),
    # ------------------------------------------------------------ counted forms: `n.KEY.one` for
    # exactly one, `n.KEY.many` otherwise (the plural rule of both languages); {n} is the count.
    # Swedish adjectives agree: indikator and bedömning are common gender, projekt neuter.
    "n.status.achieved.one": ("{n} achieved", "{n} uppnådd"),
    "n.status.achieved.many": ("{n} achieved", "{n} uppnådda"),
    "n.status.on-track.one": ("{n} on track", "{n} i fas"),
    "n.status.on-track.many": ("{n} on track", "{n} i fas"),
    "n.status.behind.one": ("{n} behind", "{n} efter plan"),
    "n.status.behind.many": ("{n} behind", "{n} efter plan"),
    "n.status.worsening.one": ("{n} worsening", "{n} som försämras"),
    "n.status.worsening.many": ("{n} worsening", "{n} som försämras"),
    "n.status.missed.one": ("{n} missed", "{n} ej uppnådd"),
    "n.status.missed.many": ("{n} missed", "{n} ej uppnådda"),
    "n.status.no-data.one": ("{n} with no data", "{n} utan mätningar"),
    "n.status.no-data.many": ("{n} with no data", "{n} utan mätningar"),
    "n.status.unknown.one": ("{n} unknown", "{n} okänd"),
    "n.status.unknown.many": ("{n} unknown", "{n} okända"),
    "n.project_phase.proposed.one": ("{n} proposed", "{n} föreslaget"),
    "n.project_phase.proposed.many": ("{n} proposed", "{n} föreslagna"),
    "n.project_phase.pre-study.one": ("{n} in pre-study", "{n} i förstudie"),
    "n.project_phase.pre-study.many": ("{n} in pre-study", "{n} i förstudie"),
    "n.project_phase.planning.one": ("{n} in planning", "{n} i planering"),
    "n.project_phase.planning.many": ("{n} in planning", "{n} i planering"),
    "n.project_phase.execution.one": ("{n} in execution", "{n} i genomförande"),
    "n.project_phase.execution.many": ("{n} in execution", "{n} i genomförande"),
    "n.project_phase.completed.one": ("{n} completed", "{n} avslutat"),
    "n.project_phase.completed.many": ("{n} completed", "{n} avslutade"),
    "n.project_phase.handed-over.one": ("{n} handed over", "{n} överlämnat"),
    "n.project_phase.handed-over.many": ("{n} handed over", "{n} överlämnade"),
    "n.project_phase.cancelled.one": ("{n} cancelled", "{n} avbrutet"),
    "n.project_phase.cancelled.many": ("{n} cancelled", "{n} avbrutna"),
    "n.rating.green.one": ("{n} green", "{n} grön"),
    "n.rating.green.many": ("{n} green", "{n} gröna"),
    "n.rating.amber.one": ("{n} amber", "{n} gul"),
    "n.rating.amber.many": ("{n} amber", "{n} gula"),
    "n.rating.red.one": ("{n} red", "{n} röd"),
    "n.rating.red.many": ("{n} red", "{n} röda"),
    "n.rating.none.one": ("{n} not rated", "{n} utan bedömning"),
    "n.rating.none.many": ("{n} not rated", "{n} utan bedömning"),
    "n.cancelled_not_rated.one": (
        "{n} cancelled project not counted",
        "{n} avbrutet projekt räknas inte med",
    ),
    "n.cancelled_not_rated.many": (
        "{n} cancelled projects not counted",
        "{n} avbrutna projekt räknas inte med",
    ),
    # ------------------------------------------------------------ kinds and enum values
    "kind.programme": ("programme", "program"),
    "kind.benefit": ("benefit", "nytta"),
    "kind.gap": ("gap", "gap"),
    "kind.project": ("project", "projekt"),
    "kind.organisation": ("organisation", "organisation"),
    "phase.definition": ("definition", "definitionsfas"),
    "phase.implementation": ("implementation", "genomförandefas"),
    "phase.closing": ("closing", "stängning och överlämning"),
    "phase.closed": ("closed", "stängt"),
    "project_phase.proposed": ("proposed", "föreslaget"),
    "project_phase.pre-study": ("in pre-study", "i förstudie"),
    "project_phase.planning": ("in planning", "i planering"),
    "project_phase.execution": ("in execution", "i genomförande"),
    "project_phase.completed": ("completed", "avslutat"),
    "project_phase.handed-over": ("handed over", "överlämnat"),
    "project_phase.cancelled": ("cancelled", "avbrutet"),
    # ------------------------------------------------------------ rule titles (one line each)
    "rule.PS100": ("YAML syntax error", "Syntaxfel i YAML"),
    "rule.PS101": ("Duplicate key", "Dubblerat fält"),
    "rule.PS102": (
        "File is empty or its top level is not a mapping",
        "Filen är tom eller inte en samling fält",
    ),
    "rule.PS103": ("Required field missing", "Obligatoriskt fält saknas"),
    "rule.PS104": (
        "Wrong type or value (bad enum, bad date, negative amount)",
        "Fel typ eller värde (otillåtet val, felaktigt datum, negativt belopp)",
    ),
    "rule.PS105": ("Unknown field", "Okänt fält"),
    "rule.PS106": (
        "File name is not a valid id, or file outside the known folders",
        "Filnamnet är inget giltigt id, eller filen ligger utanför de kända mapparna",
    ),
    "rule.PS107": (
        "File unreadable: not UTF-8, binary, too large, aliases or tags refused, over limits",
        "Filen går inte att läsa: inte UTF-8, binär, för stor, alias eller taggar, över gränserna",
    ),
    "rule.PS108": ("Configuration file invalid", "Konfigurationsfilen är felaktig"),
    "rule.PS109": (
        "A placeholder from `progstyr new` is still in the file",
        "En platshållare från `progstyr new` finns kvar i filen",
    ),
    "rule.PS201": (
        "Reference to an unknown benefit, gap or organisation",
        "Hänvisning till okänd nytta, okänt gap eller okänd organisation",
    ),
    "rule.PS202": (
        "Duplicate id (in one file or benefit, or an organisation also declared in the portfolio)",
        "Dubblerat id (i samma fil eller nytta, eller organisation som redan finns i portföljen)",
    ),
    "rule.PS203": ("Cycle in the benefits map", "Cirkel i nyttokartan"),
    "rule.PS204": (
        "End benefit with contributes_to, or intermediate benefit contributing to nothing",
        "Huvudnytta med contributes_to, eller delnytta som inte bidrar till något",
    ),
    "rule.PS301": (
        "A period, or baseline to target, ends before it starts",
        "En period, eller utgångsvärde till målvärde, slutar innan den börjar",
    ),
    "rule.PS302": ("Project period outside the programme period", "Projektperiod utanför programperioden"),
    "rule.PS303": (
        "Measurement or status dated after the as-of date",
        "Mätning eller status daterad efter dagens datum",
    ),
    "rule.PS304": (
        "Measurements or status updates out of date order, or two on one date",
        "Mätningar eller statusrapporter i fel datumordning, eller två samma dag",
    ),
    "rule.PS401": ("Benefit without an indicator", "Nytta utan indikator"),
    "rule.PS402": ("Indicator without baseline or target", "Indikator utan utgångsvärde eller målvärde"),
    "rule.PS403": (
        "Target is not in the indicator's direction from the baseline",
        "Målvärdet ligger inte i indikatorns riktning från utgångsvärdet",
    ),
    "rule.PS406": (
        "An indicator reported by sex lacks women or men in its baseline, target or a measurement",
        "Könsuppdelad indikator saknar kvinnor eller män i utgångsvärde, målvärde eller mätning",
    ),
    "rule.PS404": (
        "Indicator not measured in the last 12 months (programme in implementation)",
        "Indikator utan mätning de senaste 12 månaderna (program i genomförande)",
    ),
    "rule.PS501": ("Project (not cancelled) closes no gap", "Projekt (ej avbrutet) stänger inget gap"),
    "rule.PS502": (
        "High-priority gap with no active or delivered project",
        "Högprioriterat gap utan pågående eller levererat projekt",
    ),
    "rule.PS503": ("Benefit served by no gap", "Nytta som inget gap tjänar"),
    "rule.PS504": (
        "Gap marked closed but no delivered project closes it",
        "Gap markerat stängt men inget levererat projekt stänger det",
    ),
    "rule.PS601": (
        "Completed or handed-over project without handover recipient",
        "Avslutat eller överlämnat projekt utan mottagare",
    ),
    "rule.PS602": (
        "Programme closing: a project in planning or execution has no handover recipient",
        "Programmet stängs: projekt i planering eller genomförande saknar mottagare",
    ),
    "rule.PS603": (
        "Programme closed but projects still planning or executing",
        "Programmet stängt men projekt planeras eller genomförs fortfarande",
    ),
    "rule.PS604": (
        "Project in execution whose latest status is too old",
        "Projekt i genomförande vars senaste status är för gammal",
    ),
    "rule.PS605": (
        "Project past its end date but not completed, handed over or cancelled",
        "Projekt efter slutdatum men inte avslutat, överlämnat eller avbrutet",
    ),
    "rule.PS606": ("Milestone past its date and not done", "Milstolpe efter sitt datum och inte klar"),
    "rule.PS701": (
        "Funding amounts do not add up to the budget total",
        "Finansieringen summerar inte till budgetens total",
    ),
    "rule.PS702": ("Spent exceeds total", "Förbrukat överstiger total"),
    # ------------------------------------------------------------ PS202 and PS801-PS809: portfolios,
    # governance and resources (SPEC §10-§13); messages `pf.*`, titles `rule.PS80x`
    "pf.dup": (
        "the id '{id}' is given to two {what} in this file",
        "id '{id}' används av två {what} i filen",
    ),
    "pf.dup_recommendation": (
        "the id '{id}' is given to two recommendations of this evaluation",
        "id '{id}' används av två rekommendationer i samma utvärdering",
    ),
    "pf.two.organisations": ("organisations", "organisationer"),
    "pf.two.decisions": ("decisions", "beslut"),
    "pf.two.goals": ("goals", "mål"),
    "pf.two.indicators": ("shared indicators", "gemensamma indikatorer"),
    "pf.two.bodies": ("bodies", "organ"),
    "pf.two.reporting": ("reports", "återrapporteringar"),
    "pf.two.evaluations": ("evaluations", "utvärderingar"),
    "pf.dup_org_portfolio": (
        "the organisation '{id}' is already declared in the portfolio ({path}); remove it here, "
        "the programme can refer to the portfolio's",
        "organisationen '{id}' finns redan i portföljen ({path}); ta bort den här, "
        "programmet kan hänvisa till portföljens",
    ),
    "pf.none.goal": ("no portfolio goal", "inget mål i portföljen"),
    "pf.none.shared": ("no shared indicator", "ingen gemensam indikator"),
    "pf.none.body": ("no body or organisation", "inget organ och ingen organisation"),
    "pf.none.decision": ("no decision", "inget beslut"),
    "pf.no_portfolio.serves": (
        "'serves' names portfolio goals, but this programme is in no portfolio "
        "(there is no portfolio.yaml in the folder above it)",
        "'serves' hänvisar till mål i en portfölj, men programmet ingår inte i någon portfölj "
        "(det finns ingen portfolio.yaml i mappen ovanför)",
    ),
    "pf.no_portfolio.shared": (
        "'shared' names a shared indicator of a portfolio, but this programme is in no portfolio "
        "(there is no portfolio.yaml in the folder above it)",
        "'shared' hänvisar till en gemensam indikator i en portfölj, men programmet ingår inte i "
        "någon portfölj (det finns ingen portfolio.yaml i mappen ovanför)",
    ),
    "pf.serves_nothing": (
        "this end benefit serves none of the goals the portfolio's owner decided; name the goals "
        "it serves under 'serves' (the goals: {goals})",
        "huvudnyttan bidrar inte till något av de mål som portföljens ägare beslutat; ange under "
        "'serves' vilka mål den bidrar till (målen: {goals})",
    ),
    "pf.not_reported": (
        "this programme does not report the portfolio's shared indicator '{id}' ({name}); add an "
        "indicator with 'shared: {id}' to one of its benefits",
        "programmet rapporterar inte portföljens gemensamma indikator '{id}' ({name}); lägg till "
        "en indikator med 'shared: {id}' i någon av programmets nyttor",
    ),
    "pf.contradicts.unit": (
        "the shared indicator '{shared}' is measured in '{expected}', not '{found}'; use the "
        "portfolio's unit or leave 'unit' out",
        "den gemensamma indikatorn '{shared}' mäts i '{expected}', inte i '{found}'; använd "
        "portföljens enhet eller ta bort 'unit'",
    ),
    "pf.contradicts.direction": (
        "the shared indicator '{shared}' has the direction '{expected}', not '{found}'; use the "
        "portfolio's direction or leave 'direction' out",
        "den gemensamma indikatorn '{shared}' har riktningen '{expected}', inte '{found}'; använd "
        "portföljens riktning eller ta bort 'direction'",
    ),
    "pf.contradicts.by_sex_true": (
        "the shared indicator '{shared}' is reported for women and men (by_sex: true); "
        "write 'by_sex: true' here too, or leave it out",
        "den gemensamma indikatorn '{shared}' är könsuppdelad (by_sex: true); "
        "skriv 'by_sex: true' även här, eller ta bort raden",
    ),
    "pf.contradicts.by_sex_false": (
        "the shared indicator '{shared}' is not reported for women and men; "
        "remove 'by_sex: true' here, or agree on it for the whole portfolio",
        "den gemensamma indikatorn '{shared}' är inte könsuppdelad; "
        "ta bort 'by_sex: true' här, eller kom överens om det för hela portföljen",
    ),
    "pf.overdue_since": (
        "the report '{name}' to '{to}' was due by {due} and has not been delivered since {last}; "
        "add the date under 'delivered' when it is",
        "återrapporteringen '{name}' till '{to}' skulle ha lämnats senast {due} men har inte "
        "lämnats sedan {last}; lägg till datumet under 'delivered' när den lämnas",
    ),
    "pf.overdue_never": (
        "the report '{name}' to '{to}' was due by {due} and has never been delivered; "
        "add the date under 'delivered' when it is",
        "återrapporteringen '{name}' till '{to}' skulle ha lämnats senast {due} men har aldrig "
        "lämnats; lägg till datumet under 'delivered' när den lämnas",
    ),
    "pf.recommendation_due": (
        "the recommendation '{id}' is still open, but it was to be dealt with by {due}; "
        "write the response and change its status",
        "rekommendationen '{id}' är fortfarande öppen, fast den skulle ha hanterats senast {due}; "
        "skriv in svaret och ändra status",
    ),
    "pf.recommendation_unanswered": (
        "the recommendation '{id}' has had no response for more than six months since the "
        "evaluation ended ({end}); write the response under 'response'",
        "rekommendationen '{id}' har stått utan svar i mer än sex månader sedan utvärderingen "
        "avslutades ({end}); skriv in svaret under 'response'",
    ),
    "pf.whose.portfolio": ("the portfolio's", "portföljens"),
    "pf.whose.programme": ("the programme's", "programmets"),
    "pf.no_evaluation": (
        "no external evaluation or follow-up research started within 12 months of {whose} start "
        "({start}), that is by {limit}: what the work achieves was not followed from the start; "
        "record the evaluation under 'evaluations' with 'kind: research' or 'kind: external'",
        "ingen extern utvärdering eller följeforskning började inom 12 månader från {whose} start "
        "({start}), alltså senast {limit}: arbetet har inte följts från början; ange utvärderingen "
        "under 'evaluations' med 'kind: research' eller 'kind: external'",
    ),
    "pf.overhead": (
        "in {year}, staff and premises take {share}% of the programme's resources "
        "({overhead} of {total}), more than the limit of {limit}%",
        "år {year} går {share}\u00a0% av programmets resurser till personal och lokaler "
        "({overhead} av {total}), mer än gränsen {limit}\u00a0%",
    ),
    "pf.config_overhead_share": (
        "'overhead_share_max' must be a share above 0 and at most 1, e.g. 0.6",
        "'overhead_share_max' ska vara en andel över 0 och högst 1, till exempel 0.6",
    ),
    "pf.unused_organisation": (
        "the organisation '{id}' ({name}) is listed but nothing refers to it; remove it, or name "
        "it where it takes part (owner, partners, recipient, payer, reports_to, to)",
        "organisationen '{id}' ({name}) finns i listan men används ingenstans; ta bort den, eller "
        "ange den där den medverkar (owner, partners, recipient, payer, reports_to, to)",
    ),
    "pf.unused_shared_organisation": (
        "the shared organisation '{id}' ({name}) is used neither in the portfolio nor in any of "
        "its programmes; remove it, or name it where it takes part",
        "den gemensamma organisationen '{id}' ({name}) används varken i portföljen eller i något "
        "av dess program; ta bort den, eller ange den där den medverkar",
    ),
    "rule.PS801": (
        "End benefit of a portfolio's programme serves no portfolio goal",
        "Huvudnytta i ett program i en portfölj bidrar inte till något av portföljens mål",
    ),
    "rule.PS802": (
        "Reference to an unknown portfolio goal, shared indicator, body or decision",
        "Hänvisning till okänt mål, okänd gemensam indikator, okänt organ eller okänt beslut",
    ),
    "rule.PS803": (
        "Shared indicator that a programme of the portfolio does not report",
        "Gemensam indikator som ett program i portföljen inte rapporterar",
    ),
    "rule.PS804": (
        "Indicator contradicts the shared indicator it reports (unit, direction or by sex)",
        "Indikator som motsäger den gemensamma indikatorn (enhet, riktning eller könsuppdelning)",
    ),
    "rule.PS805": (
        "Reporting overdue: no delivery within the agreed number of months",
        "Försenad återrapportering: inget lämnat inom det överenskomna antalet månader",
    ),
    "rule.PS806": (
        "Recommendation still open after its due date, or without a response for six months",
        "Rekommendation öppen efter sista datum, eller utan svar i sex månader",
    ),
    "rule.PS807": (
        "No external evaluation or follow-up research from the start",
        "Ingen extern utvärdering eller följeforskning från start",
    ),
    "rule.PS808": (
        "Staff and premises exceed the allowed share of the programme's resources in a year",
        "Personal och lokaler överstiger tillåten andel av programmets resurser ett år",
    ),
    "rule.PS809": (
        "Organisation listed but referred to by nothing",
        "Organisation som finns i listan men inte används",
    ),
}


def normalise_language(lang: str | None) -> str:
    """`sv`, `sv_SE.UTF-8`, `en-GB` → a supported language code; anything else → default."""
    if lang:
        short = lang.strip().lower()[:2]
        if short in LANGUAGES:
            return short
    return DEFAULT_LANGUAGE


def text(key: str, lang: str, /, **args: object) -> str:
    """The message `key` in `lang`, formatted with `args`."""
    english, swedish = _TABLE[key]
    template = swedish if lang == "sv" else english
    return template.format(**args) if args else template


@dataclass(frozen=True, slots=True)
class Term:
    """A message argument that is itself translated (a kind, a phase) when shown."""

    key: str


@dataclass(frozen=True, slots=True)
class Num:
    """A message argument that is a number written in the message's language (`65,2` in
    Swedish, `1 137 500` with no-break spaces); checks' own findings only (not cached)."""

    value: float
    decimals: int | None = None


def message(key: str, lang: str, args: Mapping[str, object]) -> str:
    """Like `text`, for stored (key, args) pairs; `Term` and `Num` arguments are shown in
    the language too."""
    from progstyr import textfmt

    resolved = {
        name: text(value.key, lang)
        if isinstance(value, Term)
        else textfmt.number(value.value, lang, value.decimals)
        if isinstance(value, Num)
        else value
        for name, value in args.items()
    }
    return text(key, lang, **resolved)


def count(key: str, n: int, lang: str, /, **args: object) -> str:
    """`{n} thing` with the form that agrees with `n`: `key.one` for 1, `key.many` otherwise."""
    return text(f"{key}.{'one' if n == 1 else 'many'}", lang, n=n, **args)


def has(key: str) -> bool:
    return key in _TABLE


def keys() -> list[str]:
    return sorted(_TABLE)
