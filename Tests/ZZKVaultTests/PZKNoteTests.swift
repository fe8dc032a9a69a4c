import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Notes to every PZK member (issue 18, Regulamin PZK § 6 ust. 1): organisational only.
@Suite("PZK notes carry no family data")
struct PZKNoteTests {
    @Test("""
        a note naming a person, household or team id (any case) or holding a PESEL (in a row or spaced) is refused at its \\
        position, writing nothing; a clean note reaches a specialist
        """)
    func familyDataIsRefused() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let network = try fixture.session("network")
        let count = { try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM pzk_notes") } }
        let refused = [
            "Spotkanie w sprawie \(person) we wtorek o 10:00.",
            "Spotkanie w sprawie \(person.lowercased()) we wtorek.",
            "Rodzina H-4F7K2Q9M zmieniła adres, proszę o kontakt.",
            "Zespół T-7K3M9Q2X zbiera się w czwartek o 12:00.",
            "Proszę sprawdzić osobę 87110504684 przed spotkaniem.",
            "Proszę sprawdzić osobę 871 105 046 84 przed spotkaniem.",
        ]
        for text in refused {
            do {
                _ = try network.postPZKNote(text)
                Issue.record("accepted: \(text)")
            } catch let error {
                guard case let .invalidArgument(name, reason) = error else { Issue.record("\(error)"); continue }
                #expect(name == .option("text-from") && reason.contains("character ") && !reason.contains("87110504684"))
            }
        }
        #expect(try count() == 0)
        let clean = "Spotkanie PZK 12.01.2027 o 10:00 w sali 4; tel. sekretariatu 48 600 100 200; plan działań na I kwartał."
        let note = try network.postPZKNote(clean)
        #expect(try count() == 1)
        let read = try fixture.session("pup").pzkNotes()
        #expect(read.map(\.text) == [clean] && read.first?.id == note.id && read.first?.author == "network")
        #expect(throws: VaultError.self) { _ = try fixture.session("pup").postPZKNote(clean) }
    }
}
