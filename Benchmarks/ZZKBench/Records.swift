import Foundation

/// Fictional person records for the import workloads: valid values with Polish letters and a
/// unique valid PESEL per person (its birth date and gender agree with the other columns).
struct Records {
    /// W3's 20 fields in 7 categories.
    static let fullFieldIDs = [
        "identity.first_name", "identity.last_name", "identity.pesel", "identity.birth_date", "identity.gender", "identity.citizenship",
        "contact.street", "contact.house_number", "contact.postal_code", "contact.city", "contact.phone", "contact.email",
        "household.size", "household.marital_status", "income.monthly_net", "income.main_source", "work.status", "work.profession",
        "education.level", "housing.type",
    ]
    /// The narrow import: 7 fields in 2 categories (two data keys with values, two blind indexes).
    static let narrowFieldIDs = [
        "identity.first_name", "identity.last_name", "identity.pesel", "identity.birth_date", "identity.gender",
        "contact.postal_code", "contact.city",
    ]
    /// The filler persons of the scale vault: 5 fields in 4 categories.
    static let fillerFieldIDs = ["identity.first_name", "identity.last_name", "contact.city", "household.size", "work.status"]

    private static let firstNames = ["Łucja", "Zofia", "Małgorzata", "Grzegorz", "Paweł", "Józef", "Żaneta", "Ścibor", "Bożena", "Jędrzej"]
    private static let lastNames = ["Żółkiewski", "Łęcka", "Wróblewski", "Ścisło", "Kowalczyk", "Dąbrowska", "Źrebiec", "Gęsiak", "Nowak", "Bielańska"]
    private static let cities = ["Zielona Łąka", "Łódź", "Kraków", "Gdańsk", "Żyrardów", "Świebodzin"]
    private static let streets = ["ul. Źródlana", "ul. Łąkowa", "al. Wojska Polskiego", "ul. Żeromskiego", "ul. Śląska"]

    /// The next person number; PESELs are unique across every record this value makes.
    private(set) var next = 0

    /// The values of the next person for `fieldIDs`, in that order.
    mutating func row(_ fieldIDs: [String]) -> [String] {
        let n = next
        next += 1
        let (pesel, birth, male) = Self.pesel(n)
        return fieldIDs.map { id in
            switch id {
            case "identity.first_name": return Self.firstNames[n % Self.firstNames.count]
            case "identity.last_name": return Self.lastNames[(n / 7) % Self.lastNames.count] + (n % 3 == 0 ? "-Nowak" : "")
            case "identity.pesel": return pesel
            case "identity.birth_date": return birth
            case "identity.gender": return male ? "male" : "female"
            case "identity.citizenship": return "polskie"
            case "contact.street": return Self.streets[n % Self.streets.count]
            case "contact.house_number": return String(1 + n % 120)
            case "contact.postal_code": return String(format: "%02d-%03d", 10 + n % 90, n % 1000)
            case "contact.city": return Self.cities[n % Self.cities.count]
            case "contact.phone": return String(format: "+48 6%02d %03d %03d", n % 100, (n / 100) % 1000, n % 1000)
            case "contact.email": return "osoba\(n)@przyklad.pl"
            case "household.size": return String(1 + n % 8)
            case "household.marital_status": return ["single", "married", "divorced", "widowed"][n % 4]
            case "income.monthly_net": return String(1200 + (n * 37) % 6000)
            case "income.main_source": return ["employment", "pension", "social_assistance", "family_benefits"][n % 4]
            case "work.status": return ["employed", "unemployed_registered", "pensioner", "student"][n % 4]
            case "work.profession": return ["ślusarz", "sprzedawczyni", "kierowca", "pielęgniarka"][n % 4]
            case "education.level": return ["primary", "basic_vocational", "secondary_general", "higher"][n % 4]
            case "housing.type": return ["municipal_rental", "owned_apartment", "with_family", "social_housing"][n % 4]
            default: return ""
            }
        }
    }

    /// A valid PESEL for person `n`: birth date 1950-01-01 plus n / 10 000 days, serial n % 10 000.
    static func pesel(_ n: Int) -> (pesel: String, birthDate: String, male: Bool) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1950, month: 1, day: 1))!
        let date = calendar.date(byAdding: .day, value: n / 10_000, to: start)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year!, month = parts.month! + (parts.year! >= 2000 ? 20 : 0), day = parts.day!
        let serial = n % 10_000
        var digits = String(format: "%02d%02d%02d%04d", year % 100, month, day, serial).map { Int(String($0))! }
        let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        digits.append((10 - sum % 10) % 10)
        return (digits.map(String.init).joined(), String(format: "%04d-%02d-%02d", year, parts.month!, day), serial % 2 == 1)
    }

    /// Writes `count` rows for `fieldIDs` as a UTF-8 CSV file; returns the values row-major.
    mutating func writeCSV(to url: URL, fieldIDs: [String], count: Int, keepValues: Bool = false) throws -> [String] {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var kept: [String] = []
        var chunk = fieldIDs.joined(separator: ",") + "\n"
        for _ in 0..<count {
            let values = row(fieldIDs)
            if keepValues { kept += values }
            chunk += values.joined(separator: ",") + "\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        return kept
    }
}
