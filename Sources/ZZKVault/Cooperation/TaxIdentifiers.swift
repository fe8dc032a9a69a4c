/// Checksums of Polish institution identifiers: NIP (tax id, 10 digits) and REGON
/// (statistical id, 9 or 14 digits).
public enum TaxIdentifiers {
    /// Whether `nip` is 10 digits (dashes and spaces allowed) with a valid check digit.
    public static func isValidNIP(_ nip: String) -> Bool {
        guard let digits = digits(nip), digits.count == 10 else { return false }
        let weights = [6, 5, 7, 2, 3, 4, 5, 6, 7]
        let sum = zip(weights, digits).map(*).reduce(0, +) % 11
        return sum != 10 && sum == digits[9]
    }

    /// Whether `regon` is 9 or 14 digits with a valid check digit.
    public static func isValidREGON(_ regon: String) -> Bool {
        guard let digits = digits(regon) else { return false }
        let weights: [Int]
        switch digits.count {
        case 9: weights = [8, 9, 2, 3, 4, 5, 6, 7]
        case 14:
            guard isValidREGON(String(regon.filter(\.isNumber).prefix(9))) else { return false }
            weights = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]
        default: return false
        }
        let sum = zip(weights, digits).map(*).reduce(0, +) % 11
        return (sum == 10 ? 0 : sum) == digits[digits.count - 1]
    }

    /// The digits only, formatted as stored: NIP and REGON without separators.
    public static func normalised(_ text: String) -> String { text.filter { $0.isASCII && $0.isNumber } }

    private static func digits(_ text: String) -> [Int]? {
        guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == " " }) else { return nil }
        return text.compactMap { $0.wholeNumberValue }
    }
}
