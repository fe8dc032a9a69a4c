import ZZKVault

/// Escaping shared by every document: HTML text and attribute values, and RFC 4180 CSV.
public enum DocumentText {
    /// Text made safe inside HTML elements and attribute values.
    public static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// CSV with RFC 4180 quoting (fields quoted when they hold a comma, quote or line break) and
    /// LF line ends, which spreadsheets and scripts read alike.
    public static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(Session.csvQuote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
