import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Schema v21 keys data keys, field rows and blind indexes by an integer person key (issue 19):
/// a vault from before is moved in one step, and the key's link to a person opens nothing when
/// an attacker re-points it.
@Suite("Integer person keys")
struct IntegerPersonKeyTests {
    /// Two persons with indexed and plain fields, as a social worker enters them.
    private static func twoPersons(_ fixture: Fixtures.StaffedVault) throws -> (String, String) {
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson([("identity.first_name", "Józefa"), ("identity.last_name", "Żółć-Kowalska"),
                                           ("identity.pesel", "85010112345"), ("contact.city", "Łódź")],
                                          purpose: "case_assessment")
        let father = try worker.addPerson([("identity.first_name", "Grzegorz"), ("identity.last_name", "Źdźbło"),
                                           ("work.status", "unemployed_registered")], purpose: "case_assessment")
        return (mother, father)
    }

    /// Puts the four tables back as schema v20 had them — keyed by the public person id, persons
    /// in another order than they were made — and forgets the v21 migration, as the previous
    /// release left the file.
    private static func downgradeToTextKeys(_ fixture: Fixtures.StaffedVault) throws {
        try fixture.rawDatabase().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.inTransaction {
                try db.execute(sql: """
                    CREATE TABLE persons_v20 (
                        id TEXT PRIMARY KEY NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                        created_by TEXT NOT NULL REFERENCES users(login), field_counter INTEGER NOT NULL DEFAULT 0,
                        erased_on TEXT
                    ) STRICT;
                    INSERT INTO persons_v20 SELECT id, created_at, updated_at, created_by, field_counter, erased_on
                    FROM persons ORDER BY id DESC;
                    CREATE TABLE data_keys_v20 (
                        person_id TEXT NOT NULL REFERENCES persons(id), category TEXT NOT NULL,
                        key_version INTEGER NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (person_id, category)
                    ) STRICT;
                    INSERT INTO data_keys_v20 SELECT p.id, k.category, k.key_version, k.sealed
                    FROM data_keys k JOIN persons p ON p.pk = k.person;
                    CREATE TABLE person_fields_v20 (
                        person_id TEXT NOT NULL REFERENCES persons(id), locator TEXT NOT NULL,
                        version INTEGER NOT NULL, key_version INTEGER NOT NULL, sealed BLOB NOT NULL,
                        format INTEGER NOT NULL DEFAULT 1, seal BLOB, PRIMARY KEY (person_id, locator)
                    ) STRICT;
                    INSERT INTO person_fields_v20 SELECT p.id, f.locator, f.version, f.key_version, f.sealed, f.format, f.seal
                    FROM person_fields f JOIN persons p ON p.pk = f.person;
                    CREATE TABLE blind_index_v20 (
                        person_id TEXT NOT NULL REFERENCES persons(id), kind TEXT NOT NULL, tag BLOB NOT NULL,
                        PRIMARY KEY (person_id, kind)
                    ) STRICT;
                    INSERT INTO blind_index_v20 SELECT p.id, b.kind, b.tag FROM blind_index b JOIN persons p ON p.pk = b.person;
                    DROP TABLE data_keys; DROP TABLE person_fields; DROP TABLE blind_index; DROP TABLE persons;
                    ALTER TABLE persons_v20 RENAME TO persons;
                    ALTER TABLE data_keys_v20 RENAME TO data_keys;
                    ALTER TABLE person_fields_v20 RENAME TO person_fields;
                    ALTER TABLE blind_index_v20 RENAME TO blind_index;
                    CREATE INDEX blind_index_lookup ON blind_index(kind, tag);
                    DELETE FROM grdb_migrations WHERE identifier = 'v21-integer-person-keys';
                    """)
                return .commit
            }
        }
    }

    private static func hasIntegerKeys(_ fixture: Fixtures.StaffedVault) throws -> Bool {
        try fixture.rawDatabase().read { db in try db.columns(in: "persons").contains { $0.name == "pk" } }
    }

    @Test("""
        A vault from before integer person keys is moved in one step when opened: every person, data key, \
        field and blind index is kept, reads and searches answer as before, and the log verifies
        """)
    func textKeyedVaultMigrates() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let (mother, father) = try Self.twoPersons(fixture)
        let worker = try fixture.session("worker")
        let before = try [mother, father].map { try worker.showPerson($0, purpose: "case_assessment").fields }
        let rows = "SELECT (SELECT COUNT(*) FROM data_keys), (SELECT COUNT(*) FROM person_fields), (SELECT COUNT(*) FROM blind_index)"
        let counts = try fixture.rawDatabase().read { try Row.fetchOne($0, sql: rows)! }

        try Self.downgradeToTextKeys(fixture)
        #expect(try !Self.hasIntegerKeys(fixture))
        let migrated = try Vault.open(at: fixture.url)
        #expect(try Self.hasIntegerKeys(fixture))
        let reader = try migrated.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        #expect(try [mother, father].map { try reader.showPerson($0, purpose: "case_assessment").fields } == before)
        #expect(try reader.findPersons(.surname, value: "Zolc-Kowalska", purpose: "case_assessment") == [mother])
        #expect(try reader.findPersons(.pesel, value: "85010112345", purpose: "case_assessment") == [mother])
        let (after, integrity, orphans) = try fixture.rawDatabase().read { db in
            (try Row.fetchOne(db, sql: rows), try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
        #expect(after == counts, "no key, field or tag lost or added")
        #expect(integrity == ["ok"] && orphans == 0)
        // The vault goes on: a new person takes the next key, a changed field lands at the old one.
        let third = try reader.addPerson([("identity.last_name", "Nowak")], purpose: "case_assessment")
        try reader.updatePerson(father, set: [("contact.city", "Gdańsk")], purpose: "case_assessment")
        #expect(try reader.showPerson(father, purpose: "case_assessment").fields["contact.city"] == "Gdańsk")
        #expect(try reader.showPerson(third, purpose: "case_assessment").fields["identity.last_name"] == "Nowak")
        #expect(try fixture.session("iod").verifyAudit().ok)
    }

    @Test("A migration to integer person keys that fails part-way leaves the file as the previous release left it")
    func failedMigrationChangesNothing() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        _ = try Self.twoPersons(fixture)
        try Self.downgradeToTextKeys(fixture)
        // A person row naming no user: the migration's foreign-key check refuses it at the end.
        try fixture.rawDatabase().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE persons SET created_by = 'nobody' WHERE id = (SELECT min(id) FROM persons)")
        }
        let schema = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)"
        let snapshot = try fixture.rawDatabase().read { try String.fetchOne($0, sql: schema) }
        #expect(throws: VaultError.self) { _ = try Vault.open(at: fixture.url) }
        #expect(try fixture.rawDatabase().read { try String.fetchOne($0, sql: schema) } == snapshot)
        #expect(try !Self.hasIntegerKeys(fixture))
    }

    @Test("""
        A person id drawn a second time (40-bit ids repeat among 10^6 persons) breaks the id's UNIQUE constraint \
        and is drawn again: the second person gets the next id, and both read
        """)
    func repeatedPersonIDIsDrawnAgain() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        // Two opens with the same seeded source draw the same ids in the same order.
        func add(_ surname: String) throws -> (Session, String) {
            let vault = try Vault.open(at: fixture.url, ids: .seeded(7))
            let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
            return (worker, try worker.addPerson([("identity.last_name", surname)], purpose: "case_assessment"))
        }
        let (_, first) = try add("Nowak")
        #expect(first == IDSource.seeded(7).make(prefix: "P"), "the first draw is the first person's id")
        let (worker, second) = try add("Kowal")
        #expect(second != first)
        #expect(try worker.showPerson(first, purpose: "case_assessment").fields["identity.last_name"] == "Nowak")
        #expect(try worker.showPerson(second, purpose: "case_assessment").fields["identity.last_name"] == "Kowal")
    }

    @Test("""
        Two persons' public ids swapped in the file, so each integer key points at the other's rows, open nothing \
        of either: the read stops naming the data key, and no value of the other person is shown
        """)
    func repointedKeysOpenNothing() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let (mother, father) = try Self.twoPersons(fixture)
        try fixture.rawDatabase().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for (from, to) in [(mother, "P-SWAP"), (father, mother), ("P-SWAP", father)] {
                try db.execute(sql: "UPDATE persons SET id = ? WHERE id = ?", arguments: [to, from])
            }
        }
        let worker = try fixture.session("worker")
        for person in [mother, father] {
            #expect {
                _ = try worker.showPerson(person, purpose: "case_assessment")
            } throws: { error in
                guard case VaultError.integrityFailure(let object, _) = error else { return false }
                return object.hasPrefix("data key") && object.hasSuffix("of person \(person)")
            }
        }
    }
}
