import Foundation
import Testing
import TestSupport
import ZZKDocuments
@testable import ZZKVault

/// Staff are data subjects too (issue 18): the notices they are owed and their ROPA entries.
@Suite("Staff notices")
struct StaffNoticeTests {
    @Test("""
        a user's art. 13 notice and a service contact's art. 14 notice name the controller and the IOD and state \
        exactly the rights their basis gives; the ROPA lists the registers that hold staff data
        """)
    func staffNoticesStateTheirRights() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let user = StaffNoticeRenderer.html(try fixture.session("police").staffNotice(.user), lang: .pl)
        #expect(user.contains("art. 13 RODO") && user.contains("Instytucja OPS-1")
                && user.contains("iod@ops-1.example.pl"))
        #expect(user.contains("art. 6 ust. 1 lit. c")
                && user.contains("Prawo do przenoszenia danych i sprzeciwu nie przysługuje"))
        #expect(!user.contains("Źródło danych"), "art. 13: the user gives the data")
        let contact = StaffNoticeRenderer.html(try fixture.session("iod").staffNotice(.serviceContact), lang: .en)
        #expect(contact.contains("Art. 14 GDPR") && contact.contains("Source of the data")
                && contact.contains("objection on grounds"))
        #expect(contact.contains("Portability does not apply"))
        let ropa = ProcessingRecordRenderer.markdown(try fixture.session("iod").processingRecord(), lang: .pl)
        for register in ["Rejestr naruszeń", "Rejestr umów", "Dokumentacja PZK", "Koszyk usług — osoby kontaktowe",
                         "Użytkownicy i upoważnienia"] {
            #expect(ropa.contains(register), "\(register)")
        }
    }
}
