import Foundation

/// Finds what marks a text as being about a family, for texts every PZK member reads: a vault
/// record id (`P-…`, `H-…`, `T-…` and the other record kinds, in any case) or a number shaped like
/// a PESEL (11 digits in a row, or 11 digits split by spaces or hyphens that pass the PESEL
/// check). Names cannot be recognised; the author is told so.
enum FamilyDataCheck {
    enum Finding: Equatable {
        case recordID(at: Int)
        case pesel(at: Int)
    }

    private static let idSymbols = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The first finding in `text`, by character position (1-based), or nil.
    static func firstFinding(in text: String) -> Finding? {
        let chars = Array(text.uppercased())
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].isASCII && chars[i].isNumber }
        func standsAlone(_ i: Int) -> Bool { i < 0 || i >= chars.count || !(chars[i].isLetter || chars[i].isNumber) }
        for i in chars.indices {
            // A record id: one letter, '-', 8 id symbols, standing alone.
            if i + 9 < chars.count, chars[i].isLetter, chars[i + 1] == "-", standsAlone(i - 1), standsAlone(i + 10),
               chars[(i + 2)...(i + 9)].allSatisfy({ idSymbols.contains($0) }) {
                return .recordID(at: i + 1)
            }
            guard isDigit(i), !isDigit(i - 1) else { continue }
            // 11 digits in a row, no more and no fewer.
            var end = i
            while isDigit(end) { end += 1 }
            if end - i == 11 { return .pesel(at: i + 1) }
            // Digits split by single spaces or hyphens: 11 of them that pass the PESEL check.
            var digits = ""
            var j = i
            while j < chars.count, digits.count <= 11 {
                if isDigit(j) { digits.append(chars[j]); j += 1 }
                else if (chars[j] == " " || chars[j] == "-") && isDigit(j + 1) && !digits.isEmpty { j += 1 }
                else { break }
            }
            if digits.count == 11, (try? PESEL.validate(digits).get()) != nil { return .pesel(at: i + 1) }
        }
        return nil
    }
}
