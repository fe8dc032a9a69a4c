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
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }
}
