import ZZKVault

/// A purpose's legal bases as a reader cites them: "art. 6 ust. 1 lit. c RODO w związku z
/// art. 107 ustawy o pomocy społecznej", never the catalogue's codes (`art6-1-c`, `statute:…`).
public enum LegalCitation {
    /// One code: `art6-1-c` → "art. 6 ust. 1 lit. c RODO" (English "Art. 6(1)(c) GDPR"),
    /// `art9-2-b`, `art10`, `consent` (as art. 6(1)(a)); a statute's citation as written.
    public static func text(_ code: String, _ lang: DocumentLanguage) -> String {
        if code.hasPrefix("statute:") { return String(code.dropFirst("statute:".count)) }
        let code = code == "consent" ? "art6-1-a" : code
        let parts = code.dropFirst("art".count).split(separator: "-").map(String.init)
        switch (parts.count, lang) {
        case (3, .pl): return "art. \(parts[0]) ust. \(parts[1]) lit. \(parts[2]) RODO"
        case (3, .en): return "Art. \(parts[0])(\(parts[1]))(\(parts[2])) GDPR"
        case (1, .pl): return "art. \(parts[0]) RODO"
        case (1, .en): return "Art. \(parts[0]) GDPR"
        default: return code
        }
    }

    /// Every basis of a purpose: the RODO provisions, then "in conjunction with" the statutes.
    public static func text(bases codes: [String], _ lang: DocumentLanguage) -> String {
        let gdpr = codes.filter { !$0.hasPrefix("statute:") }.map { text($0, lang) }
        let statutes = codes.filter { $0.hasPrefix("statute:") }.map { text($0, lang) }
        let joined = gdpr.joined(separator: ", ")
        guard !statutes.isEmpty else { return joined }
        let link = lang == .pl ? " w związku z " : " in conjunction with "
        return (joined.isEmpty ? "" : joined + link) + statutes.joined(separator: ", ")
    }
}
