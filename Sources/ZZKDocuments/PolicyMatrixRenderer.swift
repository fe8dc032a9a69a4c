import ZZKVault

/// Renders the policy matrix for paper: one table per principal, rows = categories (or
/// fields), columns = purposes.
public enum PolicyMatrixRenderer {
    public static func csv(_ cells: [PolicyAnalysis.MatrixCell]) -> String {
        let rows = cells.map {
            [$0.principal, $0.target, $0.purpose, $0.status.kind.rawValue, $0.status.conditionText, $0.status.rules.joined(separator: " ")]
        }
        return DocumentText.csv([["principal", "target", "purpose", "status", "conditions", "rules"]] + rows)
    }

    private static func grouped(_ cells: [PolicyAnalysis.MatrixCell]) -> [(String, [String], [String], [String: AccessStatus])] {
        var order: [String] = []
        var byPrincipal: [String: [PolicyAnalysis.MatrixCell]] = [:]
        for cell in cells {
            if byPrincipal[cell.principal] == nil { order.append(cell.principal) }
            byPrincipal[cell.principal, default: []].append(cell)
        }
        return order.map { principal in
            let own = byPrincipal[principal]!
            var targets: [String] = []
            var purposes: [String] = []
            var status: [String: AccessStatus] = [:]
            for cell in own {
                if !targets.contains(cell.target) { targets.append(cell.target) }
                if !purposes.contains(cell.purpose) { purposes.append(cell.purpose) }
                status[cell.target + "|" + cell.purpose] = cell.status
            }
            return (principal, targets, purposes, status)
        }
    }

    public static func markdown(_ cells: [PolicyAnalysis.MatrixCell], policy: PolicySet) -> String {
        var out = ["# Who can see what", "", "Policy \(policy.hash). `allow`: always; `if …`: only when the conditions hold; `—`: never.", ""]
        for (principal, targets, purposes, status) in grouped(cells) {
            let label = policy.principals.first { $0.id == principal }?.label
            out.append("## \(principal)" + (label.map { " — \($0.pl) / \($0.en)" } ?? ""))
            out.append("")
            let open = purposes.filter { purpose in targets.contains { status[$0 + "|" + purpose]?.kind != .deny } }
            if open.isEmpty {
                out.append("No access to any field for any purpose.")
                out.append("")
                continue
            }
            out.append("| | " + open.joined(separator: " | ") + " |")
            out.append("|---|" + open.map { _ in "---" }.joined(separator: "|") + "|")
            for target in targets {
                let row = open.map { purpose -> String in
                    guard let s = status[target + "|" + purpose], s.kind != .deny else { return "—" }
                    return s.conditionText.replacingOccurrences(of: "|", with: "/")
                }
                out.append("| \(target) | " + row.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func html(_ cells: [PolicyAnalysis.MatrixCell], policy: PolicySet) -> String {
        func escape(_ s: String) -> String { DocumentText.html(s) }
        var out = ["<!doctype html><html lang=\"pl\"><meta charset=\"utf-8\"><title>Kto widzi co / Who can see what</title>",
                   "<style>body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:2px 4px;vertical-align:top}.allow{background:#d8f0d8}.conditional{background:#fff3c4}.deny{color:#999}@media print{h2{page-break-before:auto}}</style>",
                   "<h1>Kto widzi co / Who can see what</h1><p>Policy \(policy.hash)</p>"]
        for (principal, targets, purposes, status) in grouped(cells) {
            let label = policy.principals.first { $0.id == principal }?.label
            out.append("<h2>\(escape(principal))\(label.map { " — " + escape($0.pl) + " / " + escape($0.en) } ?? "")</h2>")
            out.append("<table><tr><th></th>" + purposes.map { "<th>\(escape($0))</th>" }.joined() + "</tr>")
            for target in targets {
                let row = purposes.map { purpose -> String in
                    let s = status[target + "|" + purpose]
                    let kind = s?.kind ?? .deny
                    return "<td class=\"\(kind.rawValue)\">\(kind == .deny ? "—" : escape(s?.conditionText ?? ""))</td>"
                }
                out.append("<tr><th>\(escape(target))</th>" + row.joined() + "</tr>")
            }
            out.append("</table>")
        }
        out.append("</html>")
        return out.joined(separator: "\n") + "\n"
    }
}
