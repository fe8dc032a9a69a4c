/// The Polish national identification number (PESEL): 11 digits with an embedded birth
/// date and a checksum.
public enum PESEL {
    /// Why a PESEL was rejected.
    public enum Problem: Error, Equatable, Sendable {
        case notElevenDigits
        case badChecksum
        case badBirthDate
    }

    /// The sex the PESEL encodes, as the catalogue's `identity.gender` code: its 10th digit is
    /// even for a woman (`female`), odd for a man (`male`). Nil for an invalid PESEL.
    public static func sex(_ value: String) -> String? {
        guard case .success = validate(value), let digit = Array(value)[9].wholeNumberValue else { return nil }
        return digit % 2 == 0 ? "female" : "male"
    }

    /// Checks length, checksum and the embedded birth date; returns the birth date as
    /// `YYYY-MM-DD`.
    public static func validate(_ value: String) -> Result<String, Problem> {
        let digits = value.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard value.count == 11, digits.count == 11 else { return .failure(.notElevenDigits) }
        let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = zip(digits.prefix(10), weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard (10 - sum % 10) % 10 == digits[10] else { return .failure(.badChecksum) }
        let yy = digits[0] * 10 + digits[1]
        var month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        let century: Int
        switch month {
        case 81...92: century = 1800; month -= 80
        case 1...12: century = 1900
        case 21...32: century = 2000; month -= 20
        case 41...52: century = 2100; month -= 40
        case 61...72: century = 2200; month -= 60
        default: return .failure(.badBirthDate)
        }
        let year = century + yy
        guard CalendarDate.isValid(year: year, month: month, day: day) else { return .failure(.badBirthDate) }
        return .success(CalendarDate.format(year: year, month: month, day: day))
    }
}
