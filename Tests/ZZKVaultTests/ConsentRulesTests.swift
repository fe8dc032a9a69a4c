import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Who may consent and when a consent can end: a minor consents through the legal
/// representative; a withdrawal cannot predate the consent.
@Suite("Consent: minors and withdrawal dates")
struct ConsentRulesTests {
    /// A valid PESEL for someone born on `birth` (YYYY-MM-DD, 1900–2099), with the statute's checksum.
    static func pesel(born birth: String) -> String {
        let (y, m, d) = CalendarDate.parse(birth)!
        let month = y >= 2000 ? m + 20 : m
        let digits = String(format: "%02d%02d%02d0462", y % 100, month, d)
        let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = zip(digits, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return digits + String((10 - sum % 10) % 10)
    }

    @Test("a 12-year-old's own consent is refused, naming the age and the remedy; the representative's consent for the child is recorded")
    func minorsConsentThroughTheRepresentative() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let today = CalendarDate.today(Date())
        let born = CalendarDate.adding(months: -12 * 12 - 3, to: today)!
        let child = try worker.addPerson([("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska"),
                                          ("identity.pesel", Self.pesel(born: born))], purpose: "case_assessment")
        let own = Fixtures.consent(child, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        do {
            _ = try worker.recordConsent(own)
            Issue.record("a 12-year-old's own consent was accepted")
        } catch {
            #expect(error.description.contains("the person is 12 on \(today)"), "\(error)")
            #expect(error.description.contains("legal representative"), "\(error)")
        }
        #expect(try worker.consents(person: child).isEmpty, "nothing was recorded")
        var byParent = own
        byParent.givenBy = .legalRepresentative
        byParent.representative = "Małgorzata Żółkiewska, matka (władza rodzicielska)"
        byParent.childView = "Zosia się zgadza."
        _ = try worker.recordConsent(byParent)

        // Age from the recorded birth date too, and 18 on the 18th birthday exactly.
        let eighteen = CalendarDate.adding(months: -18 * 12, to: today)!
        let adult = try worker.addPerson([("identity.last_name", "Dorosła"), ("identity.birth_date", eighteen)], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(adult, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        // A 17-year-old whose consent would only take effect on the 18th birthday still cannot give it today.
        let seventeen = try worker.addPerson([("identity.last_name", "Siedemnastolatka"),
                                              ("identity.birth_date", CalendarDate.adding(days: 10, to: eighteen)!)], purpose: "case_assessment")
        var postdated = Fixtures.consent(seventeen, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        postdated.validFrom = CalendarDate.adding(days: 10, to: today)!
        #expect(throws: VaultError.self) { _ = try worker.recordConsent(postdated) }
        let almost = try worker.addPerson([("identity.last_name", "Prawie"), ("identity.birth_date", CalendarDate.adding(days: 1, to: eighteen)!)],
                                          purpose: "case_assessment")
        #expect(throws: VaultError.self) {
            _ = try worker.recordConsent(Fixtures.consent(almost, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        }
    }

    @Test("a withdrawal dated before the consent was given is refused and changes nothing")
    func withdrawalBeforeTheConsentIsRefused() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let consent = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"],
                                                                purposes: ["zzk_coordination"]))
        let given = try worker.consent(consent).validFrom
        do {
            try worker.withdrawConsent(consent, on: CalendarDate.adding(days: -1, to: given)!, via: "letter")
            Issue.record("a withdrawal before the consent was accepted")
        } catch {
            #expect(error.description.contains("before the consent was given"), "\(error)")
        }
        #expect(try worker.consent(consent).withdrawnOn == nil)
        try worker.withdrawConsent(consent, on: given, via: "letter")
        #expect(try worker.consent(consent).withdrawnOn == given)

        // A consent that takes effect next month can be withdrawn today (art. 7(3): at any time).
        var later = Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        later.validFrom = CalendarDate.adding(months: 1, to: given)!
        let future = try worker.recordConsent(later)
        try worker.withdrawConsent(future, on: given, via: "in_person")
        #expect(try worker.consent(future).withdrawnOn == given)
    }
}

@Suite("Notice exemptions")
struct NoticeExemptionTests {
    @Test("an art. 14(5)(c) exemption is refused for a notice whose purpose rests on consent alone")
    func requiredByLawNeedsAStatute() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"],
                                                      purposes: ["zzk_coordination"], noticesDelivered: false))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let notice = try #require(try worker.notices(cooperant: "PUP-1", person: mother).first { !$0.isSettled })
        do {
            try worker.exemptNotice(notice.id, ground: .requiredByLaw, justification: "Udostępnienie w ramach ZZK za zgodą osoby.")
            Issue.record("a consent disclosure was exempted as required by law")
        } catch {
            #expect(error.description.contains("rests on consent, not on a statute"), "\(error)")
        }
        #expect(try worker.notices(cooperant: "PUP-1", person: mother).first { $0.id == notice.id }?.isSettled == false)
    }
}
