import ZZKVault

/// Renders the DPO's monthly report as Markdown or as printable HTML with inline SVG bar
/// charts (no external assets). Polish by default, English with `--lang en`.
public enum AuditReportRenderer {
    public typealias Language = DocumentLanguage

    private static let labels: [String: (pl: String, en: String)] = [
        "title": ("Raport miesięczny rejestru dostępu", "Monthly access report"),
        "summary": ("Podsumowanie", "Summary"),
        "entries": ("wpisów w rejestrze", "audit entries"),
        "reads": ("odczytów danych (dozwolonych)", "data reads (allowed)"),
        "denials": ("odmów", "refusals"),
        "failures": ("nieudanych logowań i błędów integralności", "failed logins and integrity failures"),
        "byInstitution": ("Odczyty według instytucji", "Reads by institution"),
        "byPurpose": ("Odczyty według celu", "Reads by purpose"),
        "byCategory": ("Odczytane pola według kategorii", "Fields read by category"),
        "denialsByReason": ("Odmowy według przyczyny", "Refusals by reason"),
        "breakGlass": ("Dostęp awaryjny (break-glass)", "Break-glass access"),
        "pending": ("czeka na ocenę IOD", "awaiting the DPO's review"),
        "keyEvents": ("Zdarzenia dotyczące kluczy, polityki i uprawnień", "Key, policy and permission events"),
        "none": ("brak", "none"),
        "notTracked": ("Zaległe obowiązki informacyjne i wnioski osób: nie są jeszcze prowadzone w sejfie (RODO art. 12–21, osobny moduł).",
                       "Overdue notices and data-subject requests: not yet tracked by the vault (GDPR arts. 12–21, a separate module)."),
    ]

    private static func t(_ key: String, _ lang: Language) -> String {
        let pair = labels[key]!
        return lang == .pl ? pair.pl : pair.en
    }

    private static func sections(_ r: AuditReport) -> [(String, [AuditReport.Count])] {
        [("byInstitution", r.readsByInstitution), ("byPurpose", r.readsByPurpose), ("byCategory", r.readsByCategory), ("denialsByReason", r.denialsByReason)]
    }

    public static func markdown(_ r: AuditReport, lang: Language) -> String {
        var out = "# \(t("title", lang)) — \(r.month)\n\n## \(t("summary", lang))\n\n"
        out += "- \(r.entries) \(t("entries", lang))\n- \(r.reads) \(t("reads", lang))\n- \(r.denials) \(t("denials", lang))\n- \(r.failures) \(t("failures", lang))\n"
        for (key, counts) in sections(r) {
            out += "\n## \(t(key, lang))\n\n"
            if counts.isEmpty { out += "\(t("none", lang))\n"; continue }
            out += "| | |\n|---|---:|\n" + counts.map { "| \($0.label) | \($0.count) |\n" }.joined()
        }
        out += "\n## \(t("breakGlass", lang))\n\n"
        out += r.breakGlass.isEmpty ? "\(t("none", lang))\n" : r.breakGlass.map {
            "- #\($0.entry) \($0.time) \($0.actor) → \($0.personID): \($0.outcome?.rawValue ?? t("pending", lang))\n"
        }.joined()
        out += "\n## \(t("keyEvents", lang))\n\n"
        out += r.keyAndPolicyEvents.isEmpty ? "\(t("none", lang))\n" : r.keyAndPolicyEvents.map { "- `\($0)`\n" }.joined()
        return out + "\n\(t("notTracked", lang))\n"
    }

    public static func html(_ r: AuditReport, lang: Language) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func chart(_ counts: [AuditReport.Count]) -> String {
            guard let top = counts.map(\.count).max(), top > 0 else { return "<p>\(t("none", lang))</p>" }
            let rowHeight = 22
            var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(counts.count * rowHeight + 4)\" role=\"img\">"
            for (i, c) in counts.enumerated() {
                let width = max(2, c.count * 380 / top)
                let y = i * rowHeight + 2
                svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(esc(c.label))</text>"
                svg += "<rect x=\"200\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"#3b6ea5\"></rect>"
                svg += "<text x=\"\(206 + width)\" y=\"\(y + 15)\" font-size=\"12\">\(c.count)</text>"
            }
            return svg + "</svg>"
        }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(t("title", lang))) \(esc(r.month))</title>"
        out += "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}h2{border-bottom:1px solid #999}@media print{h2{page-break-after:avoid}}</style></head><body>\n"
        out += "<h1>\(esc(t("title", lang))) — \(esc(r.month))</h1>\n<h2>\(esc(t("summary", lang)))</h2><ul>"
        out += "<li>\(r.entries) \(esc(t("entries", lang)))</li><li>\(r.reads) \(esc(t("reads", lang)))</li><li>\(r.denials) \(esc(t("denials", lang)))</li><li>\(r.failures) \(esc(t("failures", lang)))</li></ul>\n"
        for (key, counts) in sections(r) { out += "<h2>\(esc(t(key, lang)))</h2>\n\(chart(counts))\n" }
        out += "<h2>\(esc(t("breakGlass", lang)))</h2><ul>"
        out += r.breakGlass.isEmpty ? "<li>\(esc(t("none", lang)))</li>" : r.breakGlass.map {
            "<li>#\($0.entry) \(esc($0.time)) \(esc($0.actor)) → \(esc($0.personID)): \(esc($0.outcome?.rawValue ?? t("pending", lang)))</li>"
        }.joined()
        out += "</ul>\n<h2>\(esc(t("keyEvents", lang)))</h2><ul>"
        out += r.keyAndPolicyEvents.isEmpty ? "<li>\(esc(t("none", lang)))</li>" : r.keyAndPolicyEvents.map { "<li><code>\(esc($0))</code></li>" }.joined()
        return out + "</ul>\n<p>\(esc(t("notTracked", lang)))</p>\n</body></html>\n"
    }
}
