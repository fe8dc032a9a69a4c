import ZZKVault

/// Renders the DPO's monthly report as Markdown or as printable HTML with inline SVG bar
/// charts (no external assets). Polish by default, English with `--lang en`.
public enum AuditReportRenderer {
    public typealias Language = DocumentLanguage

    private static let labels: [String: (pl: String, en: String)] = [
        "title": ("Raport miesięczny rejestru dostępu", "Monthly access report"),
        "summary": ("Podsumowanie", "Summary"),
        "byInstitution": ("Odczyty według instytucji", "Reads by institution"),
        "byPurpose": ("Odczyty według celu", "Reads by purpose"),
        "byCategory": ("Odczytane pola według kategorii", "Fields read by category"),
        "denialsByReason": ("Odmowy według przyczyny", "Refusals by reason"),
        "breakGlass": ("Dostęp awaryjny (break-glass)", "Break-glass access"),
        "pending": ("czeka na ocenę IOD", "awaiting the DPO's review"),
        "keyEvents": ("Zdarzenia dotyczące kluczy, polityki i uprawnień", "Key, policy and permission events"),
        "none": ("brak", "none"),
        "notTracked": ("Terminy obowiązków informacyjnych i wniosków osób (RODO art. 12–21) są na biurku IOD; ten raport dotyczy dostępu do danych.",
                       "The deadlines of notices and data-subject requests (GDPR arts. 12–21) are on the DPO's desk; this report is about access to data."),
        "permit": ("dozwolony", "allowed"),
        "default-deny": ("brak reguły, która pozwala (domyślna odmowa)", "no rule allows it (default deny)"),
        "forbid": ("reguła zabraniająca", "a forbidding rule"),
        "csrf_missing": ("formularz bez tokenu sesji", "a form without the session token"),
        "csrf_wrong": ("formularz z cudzym tokenem sesji", "a form with a wrong session token"),
        "cross_site": ("żądanie z innej witryny", "a request from another site"),
        "role": ("rola użytkownika nie pozwala", "the user's role does not allow it"),
        "cooperant": ("instytucja użytkownika nie pozwala", "the user's institution does not allow it"),
        "retention": ("upłynął okres przechowywania", "the retention period has ended"),
        "removed": ("użytkownik usunięty z zespołu", "the user was removed from the team"),
        "expired": ("dostęp wygasł", "the access has expired"),
        "integrity": ("błąd integralności", "an integrity failure"),
        "other": ("inna przyczyna", "another reason"),
        "justified": ("dostęp uzasadniony", "access justified"),
        "unjustified": ("dostęp nieuzasadniony", "access not justified"),
    ]

    private static func t(_ key: String, _ lang: Language) -> String {
        let pair = labels[key]!
        return lang == .pl ? pair.pl : pair.en
    }

    /// The charts, each count named by its label: purposes and categories from the policy,
    /// refusal reasons from the table above (a reason the table lacks keeps its code).
    private static func sections(_ r: AuditReport, policy: PolicySet, lang: Language) -> [(String, [AuditReport.Count])] {
        func purpose(_ id: String) -> String { policy.purposes.purpose(id)?.label.text(lang) ?? id }
        func category(_ id: String) -> String { policy.catalog.category(id)?.label.text(lang) ?? id }
        func reason(_ codes: String) -> String {
            codes.split(separator: ",").map { code in labels[String(code)].map { lang == .pl ? $0.pl : $0.en } ?? String(code) }
                .joined(separator: ", ")
        }
        func relabel(_ counts: [AuditReport.Count], _ label: (String) -> String) -> [AuditReport.Count] {
            counts.map { AuditReport.Count(label: label($0.label), count: $0.count) }
        }
        return [("byInstitution", r.readsByInstitution), ("byPurpose", relabel(r.readsByPurpose, purpose)),
                ("byCategory", relabel(r.readsByCategory, category)), ("denialsByReason", relabel(r.denialsByReason, reason))]
    }

    /// The summary's four counts, each with its noun in the right plural form.
    private static func summary(_ r: AuditReport, _ lang: Language) -> [String] {
        [
            lang.count(r.entries, one: "wpis w rejestrze", few: "wpisy w rejestrze", many: "wpisów w rejestrze",
                       english: ("audit entry", "audit entries")),
            lang.count(r.reads, one: "odczyt danych (dozwolony)", few: "odczyty danych (dozwolone)",
                       many: "odczytów danych (dozwolonych)", english: ("data read (allowed)", "data reads (allowed)")),
            lang.count(r.denials, one: "odmowa", few: "odmowy", many: "odmów", english: ("refusal", "refusals")),
            lang.count(r.failures, one: "nieudane logowanie lub błąd integralności",
                       few: "nieudane logowania i błędy integralności", many: "nieudanych logowań i błędów integralności",
                       english: ("failed login or integrity failure", "failed logins and integrity failures")),
        ]
    }

    private static func outcome(_ event: BreakGlassEvent, _ lang: Language) -> String {
        t(event.outcome?.rawValue ?? "pending", lang)
    }

    public static func markdown(_ r: AuditReport, policy: PolicySet, lang: Language) -> String {
        var out = "# \(t("title", lang)) — \(r.month)\n\n## \(t("summary", lang))\n\n"
        out += summary(r, lang).map { "- \($0)\n" }.joined()
        for (key, counts) in sections(r, policy: policy, lang: lang) {
            out += "\n## \(t(key, lang))\n\n"
            if counts.isEmpty { out += "\(t("none", lang))\n"; continue }
            out += "| | |\n|---|---:|\n" + counts.map { "| \($0.label) | \($0.count) |\n" }.joined()
        }
        out += "\n## \(t("breakGlass", lang))\n\n"
        out += r.breakGlass.isEmpty ? "\(t("none", lang))\n" : r.breakGlass.map {
            "- #\($0.entry) \($0.time) \($0.actor) → \($0.personID): \(outcome($0, lang))\n"
        }.joined()
        out += "\n## \(t("keyEvents", lang))\n\n"
        out += r.keyAndPolicyEvents.isEmpty ? "\(t("none", lang))\n" : r.keyAndPolicyEvents.map { "- `\($0)`\n" }.joined()
        return out + "\n\(t("notTracked", lang))\n"
    }

    public static func html(_ r: AuditReport, policy: PolicySet, lang: Language) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func chart(_ counts: [AuditReport.Count]) -> String {
            guard let top = counts.map(\.count).max(), top > 0 else { return "<p>\(t("none", lang))</p>" }
            let rowHeight = 22
            var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"\(counts.count * rowHeight + 4)\" role=\"img\">"
            for (i, c) in counts.enumerated() {
                let width = max(2, c.count * 330 / top)
                let y = i * rowHeight + 2
                svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(esc(c.label))</text>"
                svg += "<rect x=\"340\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"#3b6ea5\"></rect>"
                svg += "<text x=\"\(346 + width)\" y=\"\(y + 15)\" font-size=\"12\">\(c.count)</text>"
            }
            return svg + "</svg>"
        }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(t("title", lang))) \(esc(r.month))</title>"
        out += "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}h2{border-bottom:1px solid #999}@media print{h2{page-break-after:avoid}}</style></head><body>\n"
        out += "<h1>\(esc(t("title", lang))) — \(esc(r.month))</h1>\n<h2>\(esc(t("summary", lang)))</h2><ul>"
        out += summary(r, lang).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        for (key, counts) in sections(r, policy: policy, lang: lang) { out += "<h2>\(esc(t(key, lang)))</h2>\n\(chart(counts))\n" }
        out += "<h2>\(esc(t("breakGlass", lang)))</h2><ul>"
        out += r.breakGlass.isEmpty ? "<li>\(esc(t("none", lang)))</li>" : r.breakGlass.map {
            "<li>#\($0.entry) \(esc($0.time)) \(esc($0.actor)) → \(esc($0.personID)): \(esc(outcome($0, lang)))</li>"
        }.joined()
        out += "</ul>\n<h2>\(esc(t("keyEvents", lang)))</h2><ul>"
        out += r.keyAndPolicyEvents.isEmpty ? "<li>\(esc(t("none", lang)))</li>" : r.keyAndPolicyEvents.map { "<li><code>\(esc($0))</code></li>" }.joined()
        return out + "</ul>\n<p>\(esc(t("notTracked", lang)))</p>\n</body></html>\n"
    }
}
