import ZZKVault

/// A recorded consent as the paper the person (or their legal representative) signs or keeps:
/// the controller's letterhead, who consents, to which cooperants, which categories for which
/// purposes (by their labels, the bases cited), validity, how to withdraw, the form's version
/// and text hash, and signature lines. A4 when printed, like the notices.
public enum ConsentFormRenderer {
    public static func html(_ c: Consent, controller: Cooperant?, cooperantNames: [String: String], policy: PolicySet,
                            lang: DocumentLanguage) -> String {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        func esc(_ s: String) -> String { DocumentText.html(s) }
        let title = t("Zgoda na przetwarzanie i udostępnianie danych osobowych", "Consent to the processing and sharing of personal data")
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle)</style></head><body>\n"
        if let controller {
            let name = controller.name.isEmpty ? controller.id : controller.name
            out += "<header class=\"letterhead\"><strong>\(esc(name))</strong><br>\(esc(controller.address))</header>\n"
        }
        out += "<p class=\"date\">\(t("dnia", "date")) \(esc(c.validFrom))</p>\n<h1>\(esc(title))</h1>\n<p class=\"ref\">\(esc(c.id)) · \(esc(c.personID))</p>\n<dl>"
        var rows: [(String, String)] = []
        switch c.givenBy {
        case .person: rows.append((t("Zgodę wyraża", "Given by"), t("osoba, której dane dotyczą", "the data subject")))
        case .legalRepresentative:
            rows.append((t("Zgodę wyraża", "Given by"), t("przedstawiciel ustawowy", "the legal representative") + ": " + (c.representative ?? "")))
            if let view = c.childView { rows.append((t("Zdanie dziecka", "The child's own view"), view)) }
        }
        let cooperants = c.cooperants.map { $0 == "*" ? t("każdy członek partnerstwa w zespole zadaniowym osoby", "every partnership member in the person's task team") : cooperantNames[$0] ?? $0 }
        rows.append((t("Komu dane mogą być udostępnione", "Who the data may be shared with"), cooperants.joined(separator: "; ")))
        rows.append((t("Jakie dane", "Which data"), c.categories.map { policy.catalog.category($0)?.label.text(lang) ?? $0 }.joined(separator: ", ")
                     + (c.explicit ? t(" (zgoda wyraźna, także na dane szczególnych kategorii — art. 9 ust. 2 lit. a RODO)", " (explicit consent, special categories included — Art. 9(2)(a) GDPR)") : "")))
        rows.append((t("W jakim celu", "For which purpose"), c.purposes.map { id in
            policy.purposes.purpose(id).map { "\($0.label.text(lang)) (\(LegalCitation.text(bases: $0.legalBases, lang)))" } ?? id
        }.joined(separator: "; ")))
        rows.append((t("Ważność", "Valid"), t("od", "from") + " \(c.validFrom)" + (c.validUntil.map { " " + t("do", "until") + " \($0)" } ?? t(" do odwołania", " until withdrawn"))))
        let purposes = c.purposes.compactMap { policy.purposes.purpose($0) }
        if let withdrawal = NoticeRights(purposes: purposes).withdrawal(lang) { rows.append((t("Wycofanie zgody", "Withdrawing consent"), withdrawal)) }
        rows.append((t("Treść formularza", "The form's text"), t("wersja", "version") + " \(c.textVersion), SHA-256 \(c.textSHA256)"))
        if let withdrawn = c.withdrawnOn { rows.append((t("Zgoda wycofana", "Consent withdrawn"), withdrawn)) }
        for (heading, text) in rows { out += "<dt>\(esc(heading))</dt><dd>\(esc(text))</dd>" }
        out += "</dl>\n<div class=\"signatures\"><p><span class=\"fill\"></span><br><small>"
        out += c.givenBy == .person
            ? t("data i podpis osoby wyrażającej zgodę", "date and signature of the person consenting")
            : t("data i podpis przedstawiciela ustawowego", "date and signature of the legal representative")
        out += "</small></p><p><span class=\"fill\"></span><br><small>"
        out += t("podpis pracownika przyjmującego zgodę", "signature of the employee receiving the consent")
        return out + "</small></p></div>\n</body></html>\n"
    }
}
