import Foundation

/// The risks `docs/threat-model.md` states, read from its text: each attack with the measure
/// that answers it and the test that plays the attacker (the hardening table), and the known
/// limits that remain (residual risks).
public struct ThreatModelRisks: Sendable, Equatable {
    public struct Risk: Sendable, Equatable {
        public var id: String
        public var threat: String
        public var measure: String
        public var evidence: String
    }

    public struct Limit: Sendable, Equatable {
        public var title: String
        public var text: String
    }

    public var risks: [Risk]
    public var limits: [Limit]

    /// The risks of the threat model this build carries.
    public static let current = ThreatModelRisks(markdown: ThreatModelDocument.markdown)

    /// Reads the rows of the "Hardening" and "Registers" tables (`| # | attack | now | test |`) and the numbered
    /// items of "Known limits" (`N. **Title.** text`).
    public init(markdown: String) {
        var risks: [Risk] = []
        var limits: [Limit] = []
        var section = ""
        var limit: Limit?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") {
                section = String(line.dropFirst(3))
                if let open = limit { limits.append(open); limit = nil }
                continue
            }
            if section.hasPrefix("Hardening") || section.hasPrefix("Registers"), line.hasPrefix("| "),
               !line.hasPrefix("| #"), !line.hasPrefix("|---") {
                let cells = line.dropFirst(2).components(separatedBy: " | ")
                guard cells.count >= 4 else { continue }
                let test = cells[3...].joined(separator: " | ")
                risks.append(Risk(id: cells[0].trimmed, threat: Self.plain(cells[1]), measure: Self.plain(cells[2]),
                                  evidence: Self.plain(test.hasSuffix(" |") ? String(test.dropLast(2)) : test)))
            }
            if section == "Known limits" {
                if let match = line.firstMatch(of: /^\d+\. \*\*(.+?)\*\*\s*(.*)$/) {
                    if let open = limit { limits.append(open) }
                    limit = Limit(title: Self.plain(String(match.1)), text: Self.plain(String(match.2)))
                } else if line.hasPrefix("   "), var open = limit {
                    open.text += " " + Self.plain(line.trimmed)
                    limit = open
                } else if line.trimmed.isEmpty, let open = limit {
                    limits.append(open)
                    limit = nil
                }
            }
        }
        if let open = limit { limits.append(open) }
        self.risks = risks
        self.limits = limits
    }

    /// Markdown emphasis and code marks removed; the words kept.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "").trimmed
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
