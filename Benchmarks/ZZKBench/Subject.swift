import Foundation
import TestSupport
import ZZKVault

/// The person every read workload reads: 10 fields in 3 categories (identity, contact,
/// violence), in a statutory Niebieska Karta team (violence_prevention) with the police
/// specialist `police` (cooperant KPP-1) as member and the police's art. 14 notice delivered.
struct Subject {
    static let fields: [(String, String)] = [
        ("identity.first_name", "Małgorzata"), ("identity.last_name", "Żółkiewska"), ("identity.pesel", "87110504684"),
        ("identity.birth_date", "1987-11-05"), ("contact.street", "ul. Źródlana 7 m. 3"), ("contact.postal_code", "99-123"),
        ("contact.city", "Zielona Łąka"), ("contact.phone", "+48 600 123 456"), ("violence.blue_card", "ongoing"),
        ("violence.assistance_plan", "Spotkania z dzielnicowym co dwa tygodnie; wsparcie psychologa."),
    ]
    static let purpose = "violence_prevention"
    static let specialist = "police"
    static let cooperant = "KPP-1"

    let personID: String
    let teamID: String

    /// Creates the subject in `fixture` through the vault's own API, as a social worker would.
    static func create(in fixture: Fixtures.StaffedVault, member: String = specialist) throws -> Subject {
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(fields, purpose: purpose)
        let team = try worker.openTeam(person: person, purpose: purpose,
                                       provision: "art. 9c ustawy o przeciwdziałaniu przemocy domowej")
        _ = try worker.addTeamMember(team, login: member, until: CalendarDate.adding(days: 90, to: CalendarDate.today(Date()))!)
        for notice in try worker.notices(person: person) where !notice.isSettled {
            try worker.deliverNotice(notice.id, method: .inPerson, on: CalendarDate.today(Date()))
        }
        return Subject(personID: person, teamID: team)
    }

    /// The same subject written by the C baseline into its own copy (ids of its own).
    static func create(in baseline: Baseline, tag: String) throws -> String {
        let person = "P-C\(tag)"
        try baseline.setUpSubject(person: person, creator: "worker", team: "T-C\(tag)", login: specialist, cooperant: cooperant,
                                  purpose: purpose, fields: fields)
        return person
    }
}
