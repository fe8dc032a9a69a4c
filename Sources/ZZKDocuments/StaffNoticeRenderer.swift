import ZZKVault

/// The art. 13 notice for the vault's users and the art. 14 notice for cooperants' workers named
/// as contacts in the service basket: staff are data subjects too. Printable HTML, Polish by
/// default; the rights are those the legal basis gives (no portability on 6(1)(c) or (e); an
/// objection only where the basis is 6(1)(e)).
public enum StaffNoticeRenderer {
    static func sections(_ f: StaffNoticeFacts, lang: DocumentLanguage) -> (String, [(String, String)]) {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let user = f.kind == .user
        let title = user
            ? t("Informacja o przetwarzaniu danych osobowych użytkowników systemu (art. 13 RODO)",
                "Information on the processing of the system users' personal data (Art. 13 GDPR)")
            : t("Informacja o przetwarzaniu danych osobowych osób kontaktowych w koszyku usług (art. 14 RODO)",
                "Information on the processing of the personal data of contacts in the service basket (Art. 14 GDPR)")
        var s: [(String, String)] = [
            (t("Administrator danych", "Controller"),
             [f.controller, f.controllerAddress, f.controllerContact].filter { !$0.isEmpty }.joined(separator: ", ")),
            (t("Inspektor ochrony danych", "Data protection officer"), f.dpoContact.isEmpty ? "—" : f.dpoContact),
        ]
        if user {
            s += [
                (t("Cele i podstawa prawna", "Purposes and legal basis"),
                 t("prowadzenie kont, kluczy i upoważnień oraz rozliczalność dostępu do danych podopiecznych:"
                       + " art. 6 ust. 1 lit. c RODO w związku z art. 5 ust. 2, art. 29 i art. 32 RODO",
                   "running accounts, keys and authorisations, and accountability for access to clients' data:"
                       + " Art. 6(1)(c) GDPR with Arts. 5(2), 29 and 32 GDPR")),
                (t("Kategorie danych", "Categories of data"),
                 t("login, imię i nazwisko (zaszyfrowane), rola, instytucja, klucz publiczny, upoważnienie"
                       + " i oświadczenie o poufności, wpisy rejestru dostępu z Pani/Pana działaniami",
                   "login, name (encrypted), role, institution, public key, authorisation and confidentiality"
                       + " declaration, the access log's entries of your actions")),
                (t("Odbiorcy", "Recipients"),
                 t("inspektor ochrony danych i administrator systemu; organy kontroli (Prezes UODO) na ich żądanie",
                   "the data protection officer and the system administrator; supervisory"
                       + " authorities (the UODO) on request")),
                (t("Okres przechowywania", "Retention"),
                 t("przez okres dostępu do systemu i 5 lat po jego"
                       + " zakończeniu (kategoria B5); wpisy rejestru dostępu 5 lat",
                   "while you have access and 5 years after it ends (category B5); access-log entries 5 years")),
                (t("Pani/Pana prawa", "Your rights"),
                 t("dostęp do danych, ich sprostowanie i ograniczenie przetwarzania; usunięcie po upływie okresu"
                       + " przechowywania. Prawo do przenoszenia danych i sprzeciwu nie przysługuje (podstawą jest"
                       + " obowiązek prawny, art. 6 ust. 1 lit. c).",
                   "access, rectification and restriction; erasure once the retention period ends. Portability and"
                       + " objection do not apply (the basis is a legal obligation, Art. 6(1)(c)).")),
                (t("Obowiązek podania danych", "Whether you must provide the data"),
                 t("podanie danych jest warunkiem dostępu do systemu",
                   "providing the data is a condition of access to the system")),
            ]
        } else {
            s += [
                (t("Cele i podstawa prawna", "Purposes and legal basis"),
                 t("prowadzenie koszyka usług partnerstwa (PZK), aby pracownicy członków mogli"
                       + " kierować rodziny do usług: art. 6 ust. 1 lit. e RODO w związku z zadaniami ośrodka pomocy"
                       + " społecznej (ustawa o pomocy społecznej)",
                   "keeping the partnership's (PZK) service basket so members' staff can refer families to services:"
                       + " Art. 6(1)(e) GDPR with the social welfare centre's tasks (Social Assistance Act)")),
                (t("Kategorie danych", "Categories of data"),
                 t("imię i nazwisko, funkcja, służbowy telefon i adres e-mail",
                   "name, function, work telephone and e-mail")),
                (t("Odbiorcy", "Recipients"),
                 t("pracownicy członków PZK korzystający z koszyka usług",
                   "the PZK members' staff using the service basket")),
                (t("Okres przechowywania", "Retention"),
                 t("do zmiany karty usługi lub wystąpienia Pani/Pana instytucji z partnerstwa",
                   "until the service card changes or your institution leaves the partnership")),
                (t("Pani/Pana prawa", "Your rights"),
                 t("dostęp do danych, ich sprostowanie, usunięcie, ograniczenie przetwarzania oraz sprzeciw z przyczyn"
                       + " związanych z Pani/Pana szczególną sytuacją (art. 21 ust. 1). Prawo do przenoszenia danych"
                       + " nie przysługuje (art. 6 ust. 1 lit. e).",
                   "access, rectification, erasure, restriction, and objection on grounds relating to your particular"
                       + " situation (Art. 21(1)). Portability does not apply (Art. 6(1)(e)).")),
                (t("Źródło danych", "Source of the data"),
                 t("Pani/Pana pracodawca — członek partnerstwa, który zgłosił usługę; dane nie pochodzą"
                       + " ze źródeł publicznie dostępnych",
                   "your employer — the partnership member that entered the service; not"
                       + " from publicly accessible sources")),
            ]
        }
        s += [
            (t("Przekazanie do państwa trzeciego", "Transfer to a third country"), t("nie następuje", "none")),
            (t("Skarga", "Complaint"),
             t("przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych"
                   + " Osobowych (ul. Stawki 2, 00-193 Warszawa)",
               "you may complain to the President of the Personal Data Protection"
                   + " Office (ul. Stawki 2, 00-193 Warsaw, Poland)")),
            (t("Zautomatyzowane decyzje", "Automated decisions"),
             t("dane nie są wykorzystywane do zautomatyzowanego podejmowania decyzji, w tym profilowania",
               "no automated decision-making, including profiling, takes place")),
        ]
        return (title, s)
    }

    public static func html(_ facts: StaffNoticeFacts, lang: DocumentLanguage) -> String {
        let (title, sections) = sections(facts, lang: lang)
        func esc(_ s: String) -> String { DocumentText.html(s) }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\">"
            + "<title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle)</style></head><body>\n<h1>\(esc(title))</h1>\n<dl>\n"
        for (term, value) in sections { out += "<dt>\(esc(term))</dt><dd>\(esc(value))</dd>\n" }
        return out + "</dl>\n</body></html>\n"
    }

    public static func markdown(_ facts: StaffNoticeFacts, lang: DocumentLanguage) -> String {
        let (title, sections) = sections(facts, lang: lang)
        return "# \(title)\n\n" + sections.map { "**\($0.0).** \($0.1)\n" }.joined(separator: "\n")
    }
}
