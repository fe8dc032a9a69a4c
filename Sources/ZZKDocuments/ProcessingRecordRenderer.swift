import ZZKVault

/// The records of processing activities (art. 30(1) RODO) as Markdown or printable HTML;
/// Polish by default.
public enum ProcessingRecordRenderer {
    /// One activity's rows, art. 30(1)(b)–(g), as (heading, text).
    static func rows(_ a: ProcessingRecord.Activity, lang: DocumentLanguage) -> [(String, String)] {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        func list(_ items: [String]) -> String { items.isEmpty ? "-" : items.joined(separator: ", ") }
        return [
            (t("Cel i podstawa prawna", "Purpose and legal basis"), "\(a.label) — \(LegalCitation.text(bases: a.legalBases, lang))"),
            (t("Kategorie osób", "Categories of data subjects"), a.subjects),
            (t("Kategorie danych", "Categories of personal data"), list(a.categories)),
            (t("Udostępnianie kooperantom PZK", "Disclosure to PZK cooperants"), list(a.disclosedTo)),
            (t("Odbiorcy spoza partnerstwa", "Recipients outside the partnership"), a.externalRecipients),
            (t("Przekazanie do państw trzecich", "Third-country transfers"), t("nie następuje", "none")),
            (t("Planowany termin usunięcia", "Time limits for erasure"), a.retention),
            (t("Środki bezpieczeństwa (art. 32)", "Security measures (art. 32)"), security(lang)),
        ]
    }

    static func security(_ lang: DocumentLanguage) -> String {
        lang == .pl
            ? "szyfrowanie pól (XChaCha20-Poly1305) kluczami osobnymi dla osoby i kategorii; dostęp kooperantów wyłącznie przez klucze przydzielone w zespole; rejestr dostępu z podpisanymi punktami kontrolnymi, weryfikowany przez IOD; kopie zapasowe zaszyfrowane"
            : "field encryption (XChaCha20-Poly1305) with keys per person and category; cooperants reach data only through keys granted in a team; an access log with signed checkpoints the DPO verifies; encrypted backups"
    }

    /// The registers the vault itself keeps, each with what it holds and why (art. 5(2), 7(1), 30, 32, 33(5)).
    static func registers(_ lang: DocumentLanguage) -> [(String, String)] {
        lang == .pl ? [
            ("Użytkownicy i upoważnienia", "pracownicy OPS i kooperantów z dostępem: imię i nazwisko (zaszyfrowane), rola, instytucja, zakres upoważnienia (art. 29, 32 ust. 4 RODO); przez okres zatrudnienia i 5 lat (B5)"),
            ("Zgody i ich wycofania", "treść i skrót formularza, skan, kto wyraził zgodę i na co (art. 7 ust. 1 RODO); 5 lat od wycofania lub wygaśnięcia (B5)"),
            ("Rejestr dostępu (audyt)", "kto, kiedy, czyje dane i w jakim celu odczytał lub zmienił — bez treści danych (art. 5 ust. 2, 32 RODO); 5 lat (B5)"),
            ("Wnioski osób i powiadomienia z art. 19", "wnioski z art. 15–21, terminy, rozstrzygnięcia i ich uzasadnienia (zaszyfrowane); 5 lat (B5)"),
            ("Obowiązki informacyjne", "informacje z art. 13 i 14, terminy, sposób przekazania, wyłączenia z art. 14 ust. 5 z uzasadnieniem; 5 lat (B5)"),
            ("Rejestr naruszeń",
             "opis naruszenia, liczby osób i wpisów, kategorie danych, ocena ryzyka, zgłoszenie do Prezesa UODO"
                 + " i zawiadomienia osób — bez danych osób, teksty zaszyfrowane (art. 33 ust. 5 RODO); 5 lat (B5)"),
            ("Rejestr umów",
             "uzgodnienia współadministratorów, umowy o udostępnianiu i umowy powierzenia: strony (instytucje), zakres,"
                 + " okres, skrót dokumentu (art. 26, 28 RODO); okres obowiązywania i 5 lat (B5)"),
            ("Dokumentacja PZK",
             "koordynatorzy członków, protokoły posiedzeń, plany działania,"
                 + " ewaluacje, podpisane wystąpienia — bez danych rodzin; imiona i nazwiska pracowników zaszyfrowane"
                 + " (art. 6 ust. 1 lit. e RODO); według JRWA ośrodka"),
            ("Koszyk usług — osoby kontaktowe",
             "imię i nazwisko, funkcja i służbowy kontakt pracowników członków PZK (art. 6 ust. 1 lit. e RODO;"
                 + " informacja z art. 14: zzk notice staff --kind service-contact); do zmiany karty usługi"
                 + " lub wystąpienia instytucji"),
        ] : [
            ("Users and authorisations", "OPS and cooperant staff with access: name (encrypted), role, institution, scope of authorisation (art. 29, 32(4) GDPR); for the employment and 5 years (B5)"),
            ("Consents and withdrawals", "the form's text and hash, the scan, who consented to what (art. 7(1) GDPR); 5 years after withdrawal or expiry (B5)"),
            ("Access log (audit)", "who read or changed whose data, when and for what purpose — never the data (art. 5(2), 32 GDPR); 5 years (B5)"),
            ("Data-subject requests and art. 19 notifications", "requests under arts. 15–21, deadlines, decisions and their reasoning (encrypted); 5 years (B5)"),
            ("Information duties", "art. 13 and 14 notices, deadlines, how delivered, art. 14(5) exemptions with reasons; 5 years (B5)"),
            ("Breach register",
             "the breach, numbers of persons and records, categories of data, the risk assessment,"
                 + " the notification to the UODO and the communication to the persons — no one's data, texts encrypted"
                 + " (art. 33(5) GDPR); 5 years (B5)"),
            ("Agreements register",
             "joint-controller arrangements, disclosure and processor agreements: parties (institutions), scope, term,"
                 + " the document's hash (arts. 26, 28 GDPR); the term and 5 years (B5)"),
            ("PZK records",
             "members' coordinators, meeting minutes, action plans, evaluations, signed withdrawals — no family"
                 + " data; staff names encrypted (art. 6(1)(e) GDPR); by the centre's filing plan (JRWA)"),
            ("Service basket contacts",
             "name, function and work contact of PZK members' staff (art. 6(1)(e) GDPR; the art. 14 notice:"
                 + " zzk notice staff --kind service-contact); until the card changes or the institution leaves"),
        ]
    }

    static func header(_ record: ProcessingRecord, lang: DocumentLanguage) -> [(String, String)] {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        func orDash(_ s: String) -> String { s.isEmpty ? "-" : s }
        return [
            (t("Administrator", "Controller"), "\(record.controller), \(orDash(record.controllerAddress)); \(t("kontakt", "contact")): \(orDash(record.controllerContact))"),
            (t("Inspektor ochrony danych", "Data protection officer"), orDash(record.dpoContact)),
            (t("Wersja polityki", "Policy version"), String(record.policyHash.prefix(16)) + "…"),
        ]
    }

    public static func markdown(_ record: ProcessingRecord, lang: DocumentLanguage) -> String {
        let pl = lang == .pl
        var out = "# \(pl ? "Rejestr czynności przetwarzania (art. 30 ust. 1 RODO)" : "Records of processing activities (art. 30(1) GDPR)")\n\n"
        for (heading, text) in header(record, lang: lang) { out += "**\(heading).** \(text)\n\n" }
        for a in record.activities {
            out += "## \(a.label)\n\n"
            for (heading, text) in rows(a, lang: lang) { out += "- \(heading): \(text)\n" }
            out += "\n"
        }
        out += "## \(pl ? "Rejestry prowadzone w systemie" : "Registers the system keeps")\n\n"
        for (name, text) in registers(lang) { out += "- \(name): \(text)\n" }
        out += "\n## \(pl ? "Kooperanci PZK (odbiorcy udostępnień)" : "PZK cooperants (recipients of disclosures)")\n\n"
        return out + record.cooperants.map { "- \($0)\n" }.joined()
    }

    public static func html(_ record: ProcessingRecord, lang: DocumentLanguage) -> String {
        let pl = lang == .pl
        func esc(_ s: String) -> String { DocumentText.html(s) }
        let title = pl ? "Rejestr czynności przetwarzania (art. 30 ust. 1 RODO)" : "Records of processing activities (art. 30(1) GDPR)"
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>"
        out += "<style>body{font-family:sans-serif;max-width:55em;margin:2em auto}dt{font-weight:bold;margin-top:.4em}</style></head><body>\n"
        out += "<h1>\(esc(title))</h1>\n<dl>"
        for (heading, text) in header(record, lang: lang) { out += "<dt>\(esc(heading))</dt><dd>\(esc(text))</dd>" }
        out += "</dl>\n"
        for a in record.activities {
            out += "<h2>\(esc(a.label))</h2>\n<dl>"
            for (heading, text) in rows(a, lang: lang) { out += "<dt>\(esc(heading))</dt><dd>\(esc(text))</dd>" }
            out += "</dl>\n"
        }
        out += "<h2>\(pl ? "Rejestry prowadzone w systemie" : "Registers the system keeps")</h2>\n<dl>"
        for (name, text) in registers(lang) { out += "<dt>\(esc(name))</dt><dd>\(esc(text))</dd>" }
        out += "</dl>\n<h2>\(pl ? "Kooperanci PZK (odbiorcy udostępnień)" : "PZK cooperants (recipients of disclosures)")</h2>\n<ul>"
        out += record.cooperants.map { "<li>\(esc($0))</li>" }.joined()
        return out + "</ul>\n</body></html>\n"
    }
}
