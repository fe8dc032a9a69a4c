import Foundation
import ZZKVault

/// The content of the notification of a personal data breach to the Prezes UODO (art. 33(3)
/// a–d RODO) as printable HTML, Polish by default: what the OPS enters in UODO's form or sends
/// with it. Every coded value is named by its label; times are shown in Polish local time.
public enum BreachNotificationRenderer {
    static func riskLabel(_ risk: Breach.Risk, _ lang: DocumentLanguage) -> String {
        switch risk {
        case .unassessed: lang == .pl ? "jeszcze nieoceniona" : "not assessed yet"
        case .unlikely: lang == .pl ? "mało prawdopodobne ryzyko naruszenia praw lub wolności osób" : "unlikely to result in a risk to persons' rights and freedoms"
        case .risk: lang == .pl ? "ryzyko naruszenia praw lub wolności osób" : "a risk to persons' rights and freedoms"
        case .high: lang == .pl ? "wysokie ryzyko naruszenia praw lub wolności osób" : "a high risk to persons' rights and freedoms"
        }
    }

    static func exceptionLabel(_ ground: Breach.CommunicationException, _ lang: DocumentLanguage) -> String {
        switch ground {
        case .encrypted: lang == .pl ? "nie zawiadamia się: dane są niezrozumiałe dla osób nieuprawnionych, np. zaszyfrowane (art. 34 ust. 3 lit. a)" : "not told: the data are unintelligible to anyone not authorised, e.g. encrypted (Art. 34(3)(a))"
        case .mitigated: lang == .pl ? "nie zawiadamia się: późniejsze środki wyeliminowały prawdopodobieństwo wysokiego ryzyka (art. 34 ust. 3 lit. b)" : "not told: later measures ensure the high risk is no longer likely (Art. 34(3)(b))"
        case .disproportionate: lang == .pl ? "zamiast zawiadomień indywidualnych — publiczny komunikat (art. 34 ust. 3 lit. c)" : "a public communication instead of individual ones (Art. 34(3)(c))"
        }
    }

    /// A UTC instant as Polish local time, e.g. `4.12.2026, 10:30` (the text as given when unparseable).
    static func localTime(_ instant: String, _ lang: DocumentLanguage) -> String {
        guard let date = Timestamp.date(instant) else { return instant }
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Warsaw")
        formatter.locale = Locale(identifier: lang == .pl ? "pl_PL" : "en_GB")
        formatter.dateFormat = "d.MM.yyyy, HH:mm"
        return formatter.string(from: date) + (lang == .pl ? " (czasu polskiego)" : " (Polish time)")
    }

    public static func html(_ notification: BreachNotification, lang: DocumentLanguage) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let b = notification.breach
        let missing = t("(nie uzupełniono)", "(not filled in)")
        let categories = b.categories.map { id in
            notification.catalog.category(id).map { lang == .pl ? $0.label.pl : $0.label.en } ?? id
        }
        let controller = notification.controller
        let title = t("Zgłoszenie naruszenia ochrony danych osobowych Prezesowi UODO (art. 33 RODO)",
                      "Notification of a personal data breach to the President of the UODO (Art. 33 GDPR)")
        var rows: [(String, String)] = [
            (t("Administrator", "Controller"),
             [controller?.name, controller?.address, controller?.contact].compactMap { $0 }.filter { !$0.isEmpty }
                .joined(separator: ", ").nilIfEmpty ?? missing),
            (t("Inspektor ochrony danych — kontakt (art. 33 ust. 3 lit. b)", "Data protection officer — contact (Art. 33(3)(b))"),
             controller?.dpoContact.nilIfEmpty ?? missing),
            (t("Numer w rejestrze naruszeń", "Breach register number"), b.id),
            (t("Stwierdzenie naruszenia", "Became aware"), localTime(b.awareAt, lang)),
            (t("Termin zgłoszenia (72 godziny)", "Notification deadline (72 hours)"), localTime(b.deadline, lang)),
            (t("Zgłoszono", "Notified"), b.notifiedAt.map { localTime($0, lang) }
                ?? (b.risk == .unlikely ? t("nie wymagane (ryzyko mało prawdopodobne, art. 33 ust. 1)",
                                            "not required (a risk is unlikely, Art. 33(1))")
                                        : t("jeszcze nie", "not yet"))),
        ]
        if let reference = b.notificationReference { rows.append((t("Sygnatura sprawy w UODO", "UODO case reference"), reference)) }
        if !b.supplements.isEmpty {
            rows.append((t("Informacje uzupełniające (art. 33 ust. 4)", "Further information (Art. 33(4))"),
                         b.supplements.map { localTime($0, lang) }.joined(separator: "; ")))
        }
        if let late = b.lateReason { rows.append((t("Przyczyny opóźnienia (art. 33 ust. 1)", "Reasons for the delay (Art. 33(1))"), late)) }
        rows += [
            (t("a) Charakter naruszenia", "(a) Nature of the breach"), b.description ?? missing),
            (t("a) Kategorie danych", "(a) Categories of data"),
             categories.isEmpty ? t("nie ustalono", "not established") : categories.joined(separator: ", ")),
            (t("a) Przybliżona liczba osób, których dane dotyczą", "(a) Approximate number of persons concerned"), String(b.persons)),
            (t("a) Przybliżona liczba wpisów danych", "(a) Approximate number of records concerned"), String(b.records)),
            (t("c) Możliwe konsekwencje", "(c) Likely consequences"), b.reasoning ?? missing),
            (t("Ocena ryzyka", "Risk assessment"), riskLabel(b.risk, lang)),
            (t("d) Zastosowane lub proponowane środki", "(d) Measures taken or proposed"), b.measures ?? missing),
            (t("Zawiadomienie osób (art. 34)", "Communication to the persons (Art. 34)"),
             b.communicationException.map { ground in exceptionLabel(ground, lang) + (b.communicatedOn.map { " (\($0))" } ?? "") }
             ?? b.communicatedOn.map { day in
                 t("\(day), liczba osób: \(b.personsCommunicated ?? 0)", "\(day), persons told: \(b.personsCommunicated ?? 0)")
             } ?? (b.risk == .high ? t("jeszcze nie", "not yet") : t("nie wymagane (brak wysokiego ryzyka)", "not required (no high risk)"))),
            (t("Uzasadnienie (art. 34 ust. 3)", "Reasoning (Art. 34(3))"), b.exceptionReasoning ?? t("nie dotyczy", "not applicable")),
            (t("Poinformowani współadministratorzy PZK", "PZK co-controllers informed"),
             b.cooperantsInformed.isEmpty ? t("brak", "none")
                : b.cooperantsInformed.joined(separator: ", ") + (b.informedOn.map { " (\($0))" } ?? "")),
        ]
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle)</style></head><body>\n<h1>\(esc(title))</h1>\n<dl>\n"
        for (term, value) in rows { out += "<dt>\(esc(term))</dt><dd>\(esc(value))</dd>\n" }
        out += "</dl>\n</body></html>\n"
        return out
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
