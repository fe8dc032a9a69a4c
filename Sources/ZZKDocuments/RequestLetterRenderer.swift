import ZZKVault

/// The letter to a person about their request — the extension of the deadline (art. 12(3)) or
/// the decision with its reasons and remedies (art. 12(4), 21) — as printable HTML; Polish by
/// default. Every coded value is named by its label.
public enum RequestLetterRenderer {
    static func kindLabel(_ kind: DataSubjectRequest.Kind, _ lang: DocumentLanguage) -> String {
        let pl: String, en: String
        switch kind {
        case .access: (pl, en) = ("dostęp do danych (art. 15 RODO)", "access to data (Art. 15 GDPR)")
        case .rectification: (pl, en) = ("sprostowanie danych (art. 16 RODO)", "rectification (Art. 16 GDPR)")
        case .erasure: (pl, en) = ("usunięcie danych (art. 17 RODO)", "erasure (Art. 17 GDPR)")
        case .restriction: (pl, en) = ("ograniczenie przetwarzania (art. 18 RODO)", "restriction of processing (Art. 18 GDPR)")
        case .objection: (pl, en) = ("sprzeciw (art. 21 RODO)", "objection (Art. 21 GDPR)")
        case .portability: (pl, en) = ("przeniesienie danych (art. 20 RODO)", "data portability (Art. 20 GDPR)")
        }
        return lang == .pl ? pl : en
    }

    static func outcomeLabel(_ outcome: String, _ lang: DocumentLanguage) -> String {
        let labels: [String: (String, String)] = [
            "granted": ("wniosek uwzględniono", "the request is granted"),
            "partly_granted": ("wniosek uwzględniono w części", "the request is granted in part"),
            "refused": ("odmowa podjęcia działań", "the request is refused"),
            "objection_upheld": ("sprzeciw uwzględniono", "the objection is upheld"),
            "objection_rejected": ("sprzeciwu nie uwzględniono", "the objection is not upheld"),
            "objection_inadmissible": ("sprzeciw nie przysługuje wobec tego przetwarzania", "no objection lies against this processing"),
        ]
        return labels[outcome].map { lang == .pl ? $0.0 : $0.1 } ?? outcome
    }

    public static func html(_ letter: RequestLetter, lang: DocumentLanguage) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let r = letter.request
        let name = letter.controller.map { $0.name.isEmpty ? $0.id : $0.name } ?? t("Ośrodek Pomocy Społecznej", "Social Welfare Centre")
        let title: String
        var body: [String] = []
        switch letter.kind {
        case .extension:
            title = t("Zawiadomienie o przedłużeniu terminu (art. 12 ust. 3 RODO)", "Notice of an extended deadline (Art. 12(3) GDPR)")
            body.append(t("Pani/Pana wniosek z dnia \(r.received) o \(kindLabel(r.kind, lang)) rozpatrzymy do dnia \(r.due).",
                          "We will answer your request of \(r.received) for \(kindLabel(r.kind, lang)) by \(r.due)."))
            body.append(t("Termin przedłużamy o dwa miesiące ze względu na skomplikowany charakter żądania lub liczbę żądań (art. 12 ust. 3 RODO). Przyczyny:",
                          "We extend the deadline by two months because of the complexity or number of requests (Art. 12(3) GDPR). The reasons:"))
        case .decision:
            title = r.kind == .objection
                ? t("Rozstrzygnięcie sprzeciwu (art. 21 RODO)", "Decision on your objection (Art. 21 GDPR)")
                : t("Rozstrzygnięcie wniosku (art. 12 ust. 4 RODO)", "Decision on your request (Art. 12(4) GDPR)")
            body.append(t("Pani/Pana wniosek z dnia \(r.received) o \(kindLabel(r.kind, lang)): \(outcomeLabel(r.outcome ?? "", lang)).",
                          "Your request of \(r.received) for \(kindLabel(r.kind, lang)): \(outcomeLabel(r.outcome ?? "", lang))."))
            body.append(t("Uzasadnienie:", "The reasons:"))
        }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle).review{border:2px dashed #a00;padding:.3em}@media print{.review{display:none}}</style></head><body>\n"
        out += SafeContactWarning.html(letter.safeContact, lang)
        out += "<header class=\"letterhead\"><strong>\(esc(name))</strong><br>\(esc(letter.controller?.address ?? ""))</header>\n"
        out += "<p class=\"date\">\(t("dnia", "date")) <span class=\"fill\"></span></p>\n"
        out += "<p class=\"addressee\">\(t("Adresat", "To")): \(esc(r.personID))<br><span class=\"fill\"></span><br>"
        out += "<small>\(t("(imię i nazwisko, adres)", "(name, address)"))</small></p>\n"
        out += "<h1>\(esc(title))</h1>\n<p class=\"ref\">\(esc(r.id))</p>\n"
        for paragraph in body { out += "<p>\(esc(paragraph))</p>\n" }
        out += "<blockquote>\(esc(letter.reasons))</blockquote>\n"
        out += "<p>\(esc(t("Przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa, art. 77 RODO) oraz prawo do skutecznego środka ochrony prawnej przed sądem (art. 79 RODO).", "You may complain to the President of the Personal Data Protection Office (ul. Stawki 2, 00-193 Warsaw, Poland, Art. 77 GDPR) and seek an effective judicial remedy (Art. 79 GDPR).")))</p>\n"
        if let dpo = letter.controller?.dpoContact, !dpo.isEmpty {
            out += "<p>\(esc(t("Inspektor ochrony danych", "Data protection officer"))): \(esc(dpo))</p>\n"
        }
        out += "<div class=\"signatures\"><p></p><p><span class=\"fill\"></span><br><small>"
        out += t("podpis pracownika w imieniu administratora", "signature of the employee for the controller")
        return out + "</small></p></div>\n</body></html>\n"
    }
}
