import Foundation
import ZZKDocuments
import ZZKVault

/// Rendering helpers: JSON with stable keys, and plain aligned tables.
enum Output {
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// CSV with RFC 4180 quoting (fields quoted when they hold a comma, quote or line break) and
    /// LF line ends, which spreadsheets and scripts read alike.
    static func csv(_ rows: [[String]]) -> String { DocumentText.csv(rows) }

    static func table(_ header: [String], _ rows: [[String]]) {
        table(header, rows, fitting: Int.max, shrink: [])
    }

    /// An aligned table at most `width` characters wide: when it would be wider, the `shrink`
    /// columns (in that order, each down to its minimum, then to one character) are cut, a cut
    /// cell ending in `…`.
    static func table(_ header: [String], _ rows: [[String]], fitting width: Int,
                      shrink: [(column: Int, minimum: Int)]) {
        var widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        var excess = widths.reduce(0, +) + 2 * (widths.count - 1) - width
        for pass in 0..<2 where excess > 0 {
            for (column, minimum) in shrink where excess > 0 {
                let floor = pass == 0 ? minimum : 1
                let cut = min(excess, max(0, widths[column] - floor))
                widths[column] -= cut
                excess -= cut
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let shown = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
                return i == cells.count - 1 ? shown : shown + String(repeating: " ", count: widths[i] - shown.count)
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }
}
