"""The exact reading of every sample in this folder: format, turns (speaker, interviewer?,
text, start and end in ms where the format has times), the parser's warnings (key and the
parameters besides the file), or the error it must refuse with. `?` is the unknown speaker."""

from __future__ import annotations

U = "?"  # UNKNOWN_SPEAKER

EXPECTED: dict[str, dict] = {
    'ampm-time.txt': {
        "format": 'text',
        "turns": [
            ('Karen Holm', False, 'Godmorgen, Bo.', 32400000, None),
            ('Bo Krag', False, 'Godmorgen.', 32460000, None),
            ('Karen Holm', False, 'Skal vi holde frokost?', 45000000, None),
            ('Bo Krag', False, 'Ja tak.', 45060000, None),
        ],
        "warnings": [
            ('import.warning.front_matter', {'labels': 'Meeting Title, Date, Attendees'}),
        ],
    },
    'b-codes.txt': {
        "format": 'text',
        "turns": [
            ('Int', True, 'Hvad har I med jer i dag?', None, None),
            ('B1', False, 'En liste over alle de steder, jeg har været.', None, None),
            ('B2', False, 'Det samme. Og så min plan.', None, None),
            ('B1', False, 'Planen har jeg ikke fået.', None, None),
            ('B4', False, 'Jeg har fået to planer (griner).', None, None),
            ('Int', True, 'Tak for det.', None, None),
        ],
    },
    'bold-borger.docx': {
        "format": 'docx',
        "turns": [
            ('I', True, 'Velkommen.', None, None),
            ('Borger A', False, 'Tak.', None, None),
            ('Borger B', False, 'Hej.', None, None),
            ('Borger A', False, 'Skal vi starte?', None, None),
            ('I', True, 'Ja.', None, None),
        ],
    },
    'bold-timed.md': {
        "format": 'markdown',
        "turns": [
            ('Interviewer', True, 'Hvordan startede det?', 14000, None),
            ('Anne Lund', False, 'Med et brev fra kommunen.', 134000, None),
            ('Interviewer', True, 'Og så?', 160000, None),
            ('Anne Lund', False, 'Så ventede jeg.', 185000, None),
        ],
    },
    'bold-topic-labels.md': {
        "format": 'markdown',
        "turns": [
            ('Anne', False, 'Jeg synes, det tog for lang tid.', None, None),
            ('Jens', False, 'Enig. Det tog et halvt år.', None, None),
            ('Anne', False, 'Og ingen sagde noget.', None, None),
            ('Jens', False, 'Nej.\n\n**Baggrund:** de to har kendt hinanden længe.', None, None),
        ],
        "warnings": [
            ('import.warning.kept_as_speech', {'label': 'Baggrund', 'line': 14}),
            ('import.warning.front_matter', {'labels': 'Timing'}),
        ],
    },
    'borger-abc.txt': {
        "format": 'text',
        "turns": [
            ('I', True, 'Velkommen. Hvordan har det været at have én sagsbehandler?', None, None),
            ('Borger A', False, 'Bedre end før. Jeg ved, hvem jeg skal ringe til.', None, None),
            ('Borger B', False, 'For mig er det det samme: ingen ringer tilbage.', None, None),
            ('Borger A', False, 'Det har jeg også oplevet.', None, None),
            ('Borger C', False, 'Jeg er ny, så jeg ved det ikke endnu.', None, None),
            ('I', True, 'Tak. Og ventetiden?', None, None),
            ('Borger B', False, 'Lang.', None, None),
        ],
    },
    'bracket-time.txt': {
        "format": 'text',
        "turns": [
            ('Interviewer', True, 'Velkommen.', 62000, None),
            ('Borger 1', False, 'Tak.', 70000, None),
            ('Interviewer', True, 'Hvad skete der: fortæl.', 75000, None),
            ('Borger 1', False, 'Jeg fik et brev. Det var kort.', 160000, None),
        ],
    },
    'deltager-numbers.md': {
        "format": 'markdown',
        "turns": [
            ('Moderator', True, 'Hvem vil starte?', None, None),
            ('Deltager 3', False, 'Det kan jeg godt.', None, None),
            ('Deltager 12', False, 'Så tager jeg den næste.', None, None),
            ('Deltager 3', False, 'Vi har ventet længe på det her.', None, None),
        ],
    },
    'folded-cue.srt': {"error": 'import.bad_cue', "params": {'line': 10, 'at': '00:00:03,000 --> 00:00:04,000'}},
    'front-matter-notes.txt': {
        "format": 'text',
        "turns": [
            ('Moderator', True, 'Velkommen til panelet.', 5000, None),
            ('Deltager 1', False, 'Tak.', 12000, None),
            ('Deltager 1', False, 'Dato: i morgen er der møde igen.', 20000, None),
            ('Deltager 2', False, 'Det vidste jeg ikke.', 31000, None),
        ],
        "warnings": [
            ('import.warning.front_matter', {'labels': 'Meeting Title, Dato, Deltagere'}),
        ],
    },
    'lastname-firstname.txt': {
        "format": 'text',
        "turns": [
            ('Interviewer', True, 'Hvad er jeres rolle?', None, None),
            ('Hansen, Mette', False, 'Jeg er koordinerende sagsbehandler.', None, None),
            ('Ørsted, Søren', False, 'Jeg er leder af teamet.', None, None),
            ('Hansen, Mette', False, 'Vi arbejder tæt sammen.', None, None),
            ('Ørsted, Søren', False, 'Ja, hver dag.', None, None),
        ],
    },
    'long-display-names.txt': {
        "format": 'text',
        "turns": [
            ('Lone Berg (Interviewer)', True, 'Velkommen til jer begge.', None, None),
            ('Maria Louise Skov Hansen Bech', False, 'Tak. Jeg er fra jobcentret.', None, None),
            ('Jens Peter Ole Kristian Møller Andersen Holm', False, 'Og jeg er fra Ydelse.', None, None),
            ('Maria Louise Skov Hansen Bech', False, 'Vi mødes hver uge.', None, None),
            ('Jens Peter Ole Kristian Møller Andersen Holm', False, 'Om mandagen.', None, None),
        ],
    },
    'mixed-encoding.txt': {"error": 'import.mixed_encoding', "params": {'line': 3}},
    'name-own-line-time.txt': {
        "format": 'text',
        "turns": [
            ('Karen Holm', False, 'Vi starter optagelsen nu.', 0, None),
            ('Bo Krag', False, 'Det er fint.', 4000, None),
            ('Karen Holm', False, 'Hvor længe ventede du?', 70000, None),
            ('Bo Krag', False, 'Tre måneder.', 75000, None),
        ],
    },
    'name-own-line.txt': {
        "format": 'text',
        "turns": [
            ('Interviewer', True, 'Hvordan har du haft det?', None, None),
            ('Lone', False, 'Op og ned. Mest op.', None, None),
            ('Interviewer', True, 'Og jobcentret?', None, None),
            ('Lone', False, 'Det går bedre nu.', None, None),
        ],
    },
    'noscribe.txt': {
        "format": 'text',
        "turns": [
            ('S01', False, 'Godt, så er vi i gang. (..) Hvordan har det været?', 12000, None),
            ('S02', False, 'Fint.', None, None),
            ('S01', False, 'Det er godt at høre.', None, None),
            ('S00', False, 'Ja.', 36000, None),
            ('S02', False, 'Jeg vil også gerne sige noget (...) om ventetiden.', 39000, None),
        ],
        "warnings": [
            ('import.warning.front_matter', {'labels': 'Audio file'}),
        ],
    },
    'noscribe.vtt': {
        "format": 'vtt',
        "turns": [
            (U, False, '(12 seconds pause)', 0, 12140),
            ('S01', False, 'Godt, så er vi i gang. (..) Hvordan har det været?', 12140, 22800),
            ('S00', False, 'Ja & nej.', 36190, 36330),
        ],
    },
    'otter.docx': {
        "format": 'docx',
        "turns": [
            ('Emma Friis', False, 'Velkommen til. Vi taler om hjælp fra kommunen.', 0, None),
            ('Kim Lund', False, 'Jeg hedder Kim.', 34000, None),
            ('Emma Friis', False, 'Lad os begynde.', 37000, None),
            (U, False, 'Må jeg sige noget?', 50000, None),
        ],
    },
    'otter.txt': {
        "format": 'text',
        "turns": [
            ('Emma Friis', False, 'Velkommen til. Vi taler om hjælp fra kommunen.', 0, None),
            (U, False, 'Jeg hedder Kim.', 34000, None),
            ('Emma Friis', False, 'Og jeg er Emma. Lad os begynde.', 37000, None),
            ('Kim Lund', False, 'Tak fordi jeg måtte komme.', 3723000, None),
        ],
    },
    'sentences-with-colon.txt': {
        "format": 'text',
        "turns": [
            ('I', True, 'Hvad skete der så?', None, None),
            ('Mette', False, 'Hun ringede. Og så sagde hun: du må vente. Hun sagde: nej. Sagsbehandleren: hun var væk. Min sagsbehandler på jobcentret: væk. Johan: Det er nyt for mig.', None, None),
            ('I', True, 'Og så?', None, None),
            ('Mette', False, 'Så ventede jeg.', None, None),
        ],
        "warnings": [
            ('import.warning.kept_as_speech', {'label': 'Sagsbehandleren', 'line': 5}),
            ('import.warning.kept_as_speech', {'label': 'Johan', 'line': 7}),
        ],
    },
    'speaker-paren-time.txt': {
        "format": 'text',
        "turns": [
            ('Speaker 1', False, 'Godmorgen og tak fordi du ville være med.', 0, None),
            ('Speaker 2', False, 'Det var så lidt. Jeg har tid til en time.', 12000, None),
            ('Speaker 1', False, 'Så går vi i gang.', 20000, None),
            ('Speaker 2', False, 'Det var det, jeg ville sige.', 3723000, None),
        ],
    },
    'speaker-underscore.txt': {
        "format": 'text',
        "turns": [
            ('SPEAKER_00', False, 'Hvordan har du oplevet forløbet?', None, None),
            ('SPEAKER_01', False, 'Det har været langt.', None, None),
            ('SPEAKER_00', False, 'Hvorfor?', None, None),
            ('SPEAKER_01', False, 'Fordi ingen ringede tilbage.', None, None),
        ],
    },
    'student-table.docx': {
        "format": 'docx',
        "turns": [
            ('Interviewer', True, 'Hvordan kom du i kontakt med jobcentret?', 4000, None),
            ('Informant', False, 'Via min læge.', 9000, None),
            ('Informant', False, 'Det var ikke mit eget valg.', None, None),
            ('Interviewer', True, 'Hvordan var det?', 90000, None),
            ('Informant', False, 'Svært i starten.', 95000, None),
        ],
        "warnings": [
            ('import.warning.column_skipped', {'column': 'Observationer'}),
        ],
    },
    'table-row-numbers.docx': {"error": 'import.table_without_speakers', "params": {}},
    'table-timed-speakers.docx': {
        "format": 'docx',
        "turns": [
            ('I', True, 'Velkommen.', 5000, None),
            ('Borger A', False, 'Tak for det.\n\nJeg har glædet mig.', 9000, None),
            ('I', True, 'Godt.', 20000, None),
            ('Borger B', False, 'Også mig.', 25000, None),
        ],
    },
    'teams-current-split.docx': {
        "format": 'docx',
        "turns": [
            ('Karen Holm', False, 'Velkommen til jer begge. Vi optager, så vi kan skrive\n\ndet ud bagefter.', 3000, None),
            ('Maria Louise Skov Hansen Bech', False, 'Tak. Jeg er fra jobcentret.', 12000, None),
            ('Bo Krag (Gæst)', False, 'Hej.', 12000, None),
            ('Karen Holm', False, 'Hvad er det sværeste lige nu?', 20000, None),
            ('Maria Louise Skov Hansen Bech', False, 'Ventetiden.\n\nHelt klart ventetiden.', 3723000, None),
        ],
    },
    'teams-current.docx': {
        "format": 'docx',
        "turns": [
            ('Karen Holm', False, 'Velkommen til jer begge. Vi optager, så vi kan skrive det ud bagefter.', 3000, None),
            ('Maria Louise Skov Hansen Bech', False, 'Tak. Jeg er fra jobcentret.', 12000, None),
            ('Bo Krag (Gæst)', False, 'Hej.', 12000, None),
            ('Karen Holm', False, 'Hvad er det sværeste lige nu?', 20000, None),
            ('Maria Louise Skov Hansen Bech', False, 'Ventetiden. Helt klart ventetiden.', 3723000, None),
        ],
    },
    'teams-current.vtt': {
        "format": 'vtt',
        "turns": [
            ('Karen Holm', False, 'Velkommen til jer. Vi optager, så vi kan skrive det ud bagefter.', 2310, 5120),
            ('Maria Louise Skov Hansen Bech', False, 'Tak. Jeg er fra jobcentret. Og jeg har været her i fem år.', 5900, 10450),
            ('Karen Holm', False, 'Mm.', 9100, 9600),
        ],
    },
    'teams-old.docx': {
        "format": 'docx',
        "turns": [
            ('Karen Holm', False, 'Er alle med?', 0, 1510),
            ('Bo Krag', False, 'Ja. Det er jeg.', 3270, 6500),
            ('Juan Farías', False, 'Også mig.', 63400, 66560),
        ],
    },
    'teams-old.vtt': {
        "format": 'vtt',
        "turns": [
            ('Interviewer', True, 'Hvordan har det været?', 0, 5320),
            ('Juan Farías', False, 'Godt. Det meste af tiden.', 6090, 9050),
            ('Søren & Co', False, 'Enig.', 63400, 66560),
        ],
    },
    'webvtt-saved-as.txt': {
        "format": 'vtt',
        "turns": [
            ('Interviewer', True, 'Hvordan var det?', 1000, 3000),
            ('Søren Ørsted', False, 'Det var svært.', 3500, 5000),
        ],
    },
    'whisperx.json': {
        "format": 'json',
        "turns": [
            ('SPEAKER_00', False, 'Hvordan gik det med planen?', 31, 2500),
            ('SPEAKER_01', False, 'Den blev aldrig færdig.', 2900, 5250),
            (U, False, 'Øh, 3 gange.', 5300, 6000),
            ('SPEAKER_01', False, 'Men nu går det.', 6100, 8000),
        ],
    },
    'whisperx.srt': {
        "format": 'srt',
        "turns": [
            ('SPEAKER_00', False, 'Velkommen.', 0, 1500),
            ('SPEAKER_01', False, 'Tak. Det var en lang rejse.', 1600, 5000),
        ],
    },
    'whisperx.txt': {
        "format": 'text',
        "turns": [
            ('SPEAKER_00', False, 'Hvordan har du oplevet forløbet?', None, None),
            ('SPEAKER_01', False, 'Det har været langt.', None, None),
            ('SPEAKER_01', False, 'Men det blev bedre til sidst.', None, None),
            (U, False, 'Og så var der en, der sagde noget.', None, None),
            ('SPEAKER_00', False, 'Tak.', None, None),
        ],
    },
    'whisperx.vtt': {
        "format": 'vtt',
        "turns": [
            ('SPEAKER_00', False, 'Hvordan har du det i dag?', 5120, 7900),
            ('SPEAKER_01', False, 'Jeg har det fint.', 8000, 10250),
            (U, False, 'Tak.', 10300, 11000),
            ('SPEAKER_01', False, 'Og ventetiden var lang.', 62500, 64000),
        ],
    },
    'word-saved-as.txt': {
        "format": 'docx',
        "turns": [
            ('I', True, 'Velkommen.', None, None),
            ('Borger A', False, 'Tak.', None, None),
            ('Borger B', False, 'Hej.', None, None),
            ('Borger A', False, 'Skal vi starte?', None, None),
            ('I', True, 'Ja.', None, None),
        ],
    },
    'word-transcribe.docx': {
        "format": 'docx',
        "turns": [
            ('Speaker 1', False, 'Hvordan har du oplevet samarbejdet?', 5000, None),
            ('Speaker 2', False, 'Godt. Men det tog tid.', 11000, None),
            ('Speaker 1', False, 'Tak.', 80000, None),
        ],
    },
    'word-transcribe.txt': {
        "format": 'text',
        "turns": [
            ('Speaker 1', False, 'Hvordan har du oplevet samarbejdet?', 5000, None),
            ('Speaker 2', False, 'Godt. Men det tog tid.', 11000, None),
            ('Speaker 1', False, 'Tak.', 80000, None),
        ],
    },
    'zoom-cc.vtt': {"error": 'import.no_speakers', "params": {}},
    'zoom-saved.txt': {
        "format": 'text',
        "turns": [
            ('Lone Berg', False, 'Godmorgen alle sammen.', 39729000, None),
            ('Anna Jensen', False, 'Godmorgen. Jeg kan godt starte.', 39735000, None),
            ('Lone Berg', False, 'Tak, Anna.', 39781000, None),
        ],
    },
    'zoom.vtt': {
        "format": 'vtt',
        "turns": [
            ('Lone Berg', False, 'Hej alle sammen.', 50, 1790),
            ('anna k', False, 'Hej!', 2070, 4050),
            ('Lone Berg', False, 'Skal vi starte med dig, Anna?', 5140, 8310),
            ('anna k', False, 'Ja. Note: jeg skal gå kl. 11.', 9710, 11670),
            (U, False, 'Hmm.', 12160, 14309),
            ('anna k', False, 'Jeg har haft tre sagsbehandlere.', 14550, 20599),
            ('Dr. Melissa Ko (hun/hende)', False, 'Det genkender jeg.', 21000, 23000),
        ],
    },
}
