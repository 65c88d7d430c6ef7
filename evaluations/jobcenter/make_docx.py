"""Writes r2-sagsbehandlere.docx (the frontline focus group of the demo study).

Run with the project's venv:  .venv/bin/python evaluations/jobcenter/make_docx.py

Layout, as a transcriber would deliver it in Word: a few header paragraphs, then one paragraph
per turn beginning with the speaker label in bold ("Interviewer:", "SB1:" ...). A turn that runs
over several paragraphs continues in paragraphs without a label.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "r2-sagsbehandlere.docx"

TITLE = "Fokusgruppeinterview med koordinerende sagsbehandlere"

HEADER = [
    "Runde 2 i BIKVA-evalueringen af ordningen med koordinerende sagsbehandlere",
    "3. marts 2026, kl. 13.00-14.45, mødelokale 2.14 i jobcentret",
    "Deltagere SB1-SB4 (koordinerende sagsbehandlere) og interviewer (Anne Kjærgaard)",
    "Transskriberet af Rasmus Brandt, Professionshøjskolen Midt",
]

LABELS = ("Interviewer", "SB1", "SB2", "SB3", "SB4")

# One paragraph per block; blocks are separated by a blank line. A block that starts with
# "Label: " opens a new turn; other blocks continue the turn before them.
BODY = """
Interviewer: Velkommen, og tak fordi I ville være med i dag. I kender formålet fra informationsbrevet, men jeg siger det lige kort igen. Vi evaluerer ordningen med koordinerende sagsbehandlere efter BIKVA-modellen. Det betyder, at vi startede med at tale med borgerne, og nu er vi kommet til jer.

I dag vil jeg læse nogle citater op fra borgerinterviewet, et ad gangen, og så vil vi gerne høre, om I genkender det, og hvad I tænker, der kan være årsagen til, at borgerne oplever det sådan. Citaterne er anonymiserede, så navne er taget ud. Det, I siger, bliver også anonymt, når det går videre til lederne. Lederne ved godt, at I fire er med, men de får hverken optagelsen eller udskriften.

SB1: Det er godt at vide.

Interviewer: Skal vi tage en hurtig runde, hvor I fortæller, hvor længe I har været koordinerende, og hvor mange borgere I har lige nu?

SB1: Jeg har været sagsbehandler i femten år, de sidste to som koordinerende, fra ordningen startede. Og jeg har otteoghalvtreds borgere i dag. Jeg tjekkede det i morges.

SB2: Jeg har været her i halvandet år. Jeg kom lige fra studiet, og så var jeg så heldig at komme ind i det her team. Jeg har seksogfyrre.

SB3: Jeg har været i jobcentret i otte år. Før det var jeg faktisk i Børn og Familie, så jeg kender begge sider. Jeg har tooghalvtreds, men nogle af dem er på vej ud.

SB4: Ti år i jobcentret og et år som koordinerende. Jeg har en halvtreds stykker. Det svinger lidt.

Interviewer: Tak. Vi starter med temaet én indgang til kommunen. Jeg læser lige et citat op. En borger siger ”Og når psykiatrien skriver en udtalelse, så skal jeg selv sørge for, at den kommer over til jobcentret. Så man er jo sin egen tovholder, i virkeligheden.” Genkender I det?

SB2: Ja. Desværre. Det er lidt pinligt at høre, for det er jo præcis det, vi skulle lave om på.

SB1: Jeg genkender det også, og jeg er ret sikker på, at det er sket for nogle af mine borgere. Det er jo nemmere at sige til borgeren, at han selv lige skal sende det, end at jeg skal jagte en udtalelse fra psykiatrien i tre uger. Når man har otteoghalvtreds, så vælger man de kampe, man kan vinde.

SB4: Jeg vil nu godt sige noget andet. Jeg er ikke helt enig med borgeren her. Der er altså også noget, borgerne selv skal. Hvis vi gør alt for dem, så gør vi dem mere hjælpeløse, end de er. Det er en del af at komme videre, at man kan ringe til sin egen læge.

SB2: Men hvis det er en borger med angst, så er det jo ikke bare et telefonopkald. Så er det en uge, hvor man går og har ondt i maven.

SB4: Nej, nej, det skal vurderes i hver sag. Jeg siger bare, at det ikke altid er forkert at lade borgeren gøre noget selv. Det skal bare være noget, vi har aftalt med borgeren, og ikke noget, der sker, fordi vi ikke når det.

SB3: Og så er der systemerne. Udtalelsen fra psykiatrien kommer ikke ind i vores fagsystem af sig selv. Den kommer med digital post til en fællespostkasse, og nogle gange går der en uge, før den bliver journaliseret på sagen. Så borgeren tror, vi har den, og det har vi ikke. Det er ikke så mærkeligt, at de så sender den selv.

Interviewer: Et andet citat under samme tema. ”Så det er én indgang, men der er mange døre bagved, kan man sige.” Det handler om, at borgeren ikke kan få svar på spørgsmål om sin ydelse hos den koordinerende sagsbehandler.

SB3: Ja, det er rigtigt nok. Vi kan ikke svare på noget om ydelserne. Det er en anden afdeling, og vi kan ikke engang se, hvornår der bliver udbetalt. Jeg kan godt forstå, at det virker tosset for borgeren.

SB1: Det var ellers tanken, at ydelsen skulle med. Det stod i det første oplæg til ordningen. Men så blev det taget ud igen, og jeg ved faktisk ikke hvorfor.

SB3: Så man kan sige, at vi er én indgang til jobcentret. Vi er ikke én indgang til kommunen.

[flere nikker]

Interviewer: Nu kommer vi til relationen til sagsbehandleren. En borger siger ”Det er første gang nogen fra [jobcentret] har spurgt, hvordan jeg egentlig har det.” Hvad tænker I, når I hører det?

SB2: Det bliver jeg faktisk lidt rørt over. [griner] Men det er jo det, det handler om. Hvis borgeren ikke stoler på en, så kommer man ingen vegne. Relationen er det hele. Men den tager tid, og tid er ikke noget, vi bliver målt på.

SB4: Det er også lidt trist, når man tænker over det. At det er første gang. Det siger noget om, hvordan det har været før, ikke?

SB1: Før havde vi jo ikke tid til at spørge. Da jeg startede, havde vi over hundrede sager hver, og så handlede samtalen om, hvad borgeren skulle, ikke om, hvordan han havde det.

Interviewer: En anden borger fortalte om at få en vikar, der ikke kendte sagen, så han skulle fortælle det hele forfra. Og han holdt op med at komme til møderne. Hvad sker der, når en af jer er væk?

SB3: Så bliver sagerne fordelt på os andre. Oven i vores egne. Og så får man ikke læst sagen ordentligt, det er bare sådan, det er. Man læser de sidste tre notater, og så går man ind til samtalen.

SB2: Vi har talt om, at vi burde have makkerpar. At der er én, der kender ens borgere lidt, hvis man bliver syg. Men det er aldrig blevet til noget.

Interviewer: Hvordan har I lært at være koordinerende? Er der noget, der er anderledes i den måde, I arbejder på, end før ordningen?

SB4: Vi fik et kursus på to dage, da vi startede. Ellers er det mest noget, man har fundet ud af selv, undervejs.

SB2: Vi har sparring i teamet om torsdagen. Det hjælper rigtig meget. Men det bliver tit aflyst, når der er travlt, og det er der jo altid.

SB1: Ærligt talt, så laver jeg mange af de samme ting som før. Det er de samme skemaer og de samme frister. Forskellen er, at jeg har færre borgere end dengang, og at jeg har lov til at ringe til dem og bruge lidt mere tid, når det brænder.

(Pause)

Interviewer: Det tredje tema er samarbejdet på tværs af forvaltningerne. Jeg læser lige et citat op. ”Og de to planer passer ikke sammen. Så sidder jeg der med to kalendere og skal vælge, hvem jeg skal skuffe.” Det er en borger, der både har en plan fra jobcentret og en fra Børn og Familie.

SB3: Det kunne være mange af mine borgere. Jeg har skrevet til Børn og Familie tre gange i én sag, og jeg har ikke fået svar. Vi kan ikke se ind i deres system, og de kan ikke se ind i vores. Så laver vi hver vores plan, og det er borgeren, der skal få det til at hænge sammen.

Interviewer: Du sagde før, at du selv har arbejdet i Børn og Familie. Hvordan ser det ud derfra?

SB3: Derfra ser jobcentret ud som nogen, der presser forældrene. [flere griner] Nej, men altså, de har jo barnet i fokus, og det skal de også have. Og de har endnu flere sager end os. Så når jeg ringer og beder om et fællesmøde, så er det ikke, fordi de ikke vil. De kan bare ikke nå det.

Og der er ingen over os, der har sagt, at det skal prioriteres. Hverken hos dem eller hos os.

SB1: Der findes en samarbejdsaftale. Jeg har set den. Men den lever ikke. Den ligger på intranettet.

SB4: Og så er der sanktionerne. Hvis borgeren ikke møder op i praktikken, så er jeg forpligtet til at gøre noget. Det er lovgivningen. Jeg kan godt tage hensyn til et møde på skolen, men så skal det stå dokumenteret i planen. Jeg tror, borgerne oplever, at vi truer dem, men det er reglerne, vi arbejder efter.

Interviewer: Et andet citat om samarbejdet på tværs, som er lidt mere positivt. ”Da jeg var ved at blive sat ud, der var det [navn på sagsbehandler], der ringede til boligkontoret. Hun sagde til mig, at det var ikke hendes område, men hun gjorde det alligevel.”

SB2: Ja, det gør vi jo alle sammen. Det er sådan noget, der ikke står nogen steder, at vi skal. Men hvis borgeren bliver sat ud, så kan vi glemme alt det andet.

SB1: Og det er jo det, der er så frustrerende. Det, der virker, er alt det, der ikke bliver talt med. Et opkald til boligkontoret er ikke en samtale i fagsystemet. Det er ikke en registrering. Det tæller ikke nogen steder.

SB4: Men det er også et problem, hvis vi bliver alt-mulig-mennesker. Så ender vi som borgerens mor. Der skal være en grænse for, hvad vi tager os af.

SB2: Det er jeg ikke enig i. Hvis der ikke er andre, der gør det, så er det os. Det er jo det, koordinerende betyder.

Interviewer: Så går vi til tid og sagsmængde. En borger siger ”Jeg har gjort mig klar, og så får jeg en sms om morgenen, at mødet er flyttet.” Borgeren fortalte også, at det er svært for ham at komme ud ad døren, og at han så tænker, at han ikke er så vigtig.

SB1: Av. Men ja. Jeg gør det også. Da vi startede, blev vi lovet 35 borgere hver. Jeg har 58 i dag, og når der kommer en akut sag ind om morgenen, så er det et andet møde, der ryger. Og det er tit dem, der ikke råber højest.

SB3: Det er også det med, at vi skal overholde kontaktforløbet. Der er frister for, hvornår samtalerne skal holdes, og hvis de ikke bliver holdt til tiden, så kan man se det på tavlen ude på gangen. Så vi holder de samtaler, der tæller, og flytter dem, der ikke tæller.

SB4: Jeg er nu lidt uenig, hvis vi siger, at det kun er sagstallet. Det er også, at vi sidder og laver alt for meget dokumentation. Hver gang der skal laves en ny plan, så er det en time i systemet. Det er ikke borgerne, der tager tiden. Det er computeren.

SB2: Det er vel begge dele.

[flere nikker]

Interviewer: Hvad ville I gøre, hvis I havde mere tid?

SB2: Tage med til møderne. Det er det, borgerne spørger om. Borgeren med de to kalendere, hende ville jeg gerne sidde ved siden af til mødet i Børn og Familie.

SB1: Ringe til de mestre, som borgerne selv kender. Det er der ikke tid til nu.

Interviewer: Det sidste tema handler om borgerens egne mål. Jeg læser lige et citat op. ”Så de spørger, hvad man drømmer om, men så er det alligevel kurset, der bestemmer.” Borgeren ville gerne have et fleksjob, hvor han kunne lære unge op på en byggeplads, men blev sendt i praktik i detailhandlen.

SB4: Det er ikke så enkelt. Vi kan ikke bare skrive fleksjob i planen, fordi borgeren ønsker det. Lovgivningen kræver, at arbejdsevnen er afprøvet, og så ender det med en praktik, som ingen af os rigtig tror på.

SB1: Og det er de pladser, vi har. Virksomhedskonsulenterne har aftaler med de store supermarkeder, fordi de altid tager folk. En tømrermester skal man selv finde, og så er vi tilbage ved tiden igen.

SB2: Men jeg synes nu også, vi skal være ærlige om, at vi nogle gange bruger borgerens mål som en overskrift, og så laver vi den plan, vi plejer. Jeg gør det selv. Man har et katalog af tilbud, og så vælger man fra det.

SB3: Det gælder også dem, hvor målet slet ikke er job lige nu. Gæld, bolig, at holde sig stoffri. Det kan vi godt skrive i planen, men så får vi spørgsmål om, hvorfor der ikke er en beskæftigelsesrettet indsats.

Interviewer: Spørgsmål fra hvem?

SB3: Fra ledelsen. Og fra styrelsen, går jeg ud fra. Det er jo der, tallene bliver talt.

Interviewer: Et sidste citat handler om brevene. ”De breve, man får fra [kommunen], de lyder, som om man allerede har gjort noget forkert.”

SB1: Det er standardbrevene. Vi kan ikke ændre i dem. Den sætning om, at man kan miste sin ydelse, den er låst. Jeg skriver altid en sms bagefter, hvor jeg siger, at det bare er en snak.

SB4: Sætningen står der af juridiske grunde. Men jeg forstår godt borgeren. Jeg ville også blive nervøs.

Interviewer: Borgerne skrev også gode råd til jer til sidst. Jeg læser dem lige op. ”Bliv ved med at ringe tilbage, som [navn på sagsbehandler] gør.” ”Tag telefonen til de andre selv i stedet for at sende borgeren rundt.” ”Kom med til møderne hos Børn og Familie, eller sørg for, at der kun er én plan.” ”Læs, hvad lægen skriver, før I finder en praktik.” Og ”Aflys ikke møder samme morgen.” Har I nogen kommentarer til dem?

SB2: De er jo helt rimelige. Der er ikke noget af det, der er urimeligt.

SB3: Det med én plan vil jeg gerne skrive under på. Med det samme.

SB4: Det med lægen har de ret i. Vi læser ikke altid attesterne grundigt nok, før vi finder en praktik.

Interviewer: Så er det jeres tur. I har fået en seddel, og jeg vil bede jer skrive et eller to gode råd til lederne. Hvad skal de gøre, for at I kan gøre det, som borgerne beder om? Tag fem minutter.

(Pause, deltagerne skriver)

Interviewer: Vil du starte?

SB1: Ja. Jeg har skrevet ”Hold sagstallet på de 35, vi blev lovet. Ellers er det bare almindelig sagsbehandling med et nyt navn.”

SB2: Mit er ”Mål os på, om borgerne kommer tættere på deres egne mål, og ikke kun på, om samtalerne er holdt til tiden.”

SB3: Jeg har skrevet ”Lav en fast aftale med Børn og Familie og Ydelse om, hvem der svarer hvem, og hvornår. Det skal ikke være op til den enkelte sagsbehandler at tigge om et møde.”

SB4: Mit råd er ”Skær ned på dokumentationen, og giv os én skabelon til planen, som både jobcentret og de andre forvaltninger kan bruge.”

Interviewer: Tusind tak. Vi tager jeres råd med til lederne, uden navne på, sammen med nogle af de ting, I har sagt i dag. Interviewet med lederne er sidst i marts, og bagefter taler vi med politikerne i Beskæftigelsesudvalget. I får rapporten, når den er færdig, og vi kommer og fremlægger den på et personalemøde. Tak for i dag.
"""

LABEL_RE = re.compile(r"^(" + "|".join(re.escape(label) for label in LABELS) + r"):\s*(.*)$", re.S)


def build() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    doc.add_heading(TITLE, level=1)
    for line in HEADER:
        doc.add_paragraph(line)
    doc.add_paragraph("")

    for block in BODY.strip().split("\n\n"):
        block = " ".join(block.split())
        m = LABEL_RE.match(block)
        p = doc.add_paragraph()
        if m:
            p.add_run(m.group(1) + ":").bold = True
            p.add_run(" " + m.group(2))
        else:
            p.add_run(block)
    return doc


if __name__ == "__main__":
    build().save(OUT)
    print(f"wrote {OUT}")
