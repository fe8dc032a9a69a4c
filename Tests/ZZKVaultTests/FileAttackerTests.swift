import Foundation
import GRDB
import SodiumKit
import Synchronization
import Testing
import TestSupport
@testable import ZZKVault

/// Issue 17's attacker: the vault's files and one user's own key, working as a script would —
/// raw SQL on `vault.sqlite`, libsodium on the bytes — against what the vault claims.
@Suite("Tamper and leak: an attacker with the file and one key")
struct FileAttackerTests {
    /// A cooperation vault; the mother consents to PUP for identity, contact and work; a team
    /// around her with PUP's specialist; one note of the social worker in that team.
    private func scenario() throws -> (fixture: Fixtures.StaffedVault, mother: String, team: String, note: String) {
        let fixture = try Fixtures.cooperationVault()
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact", "work"],
                                                      purposes: ["zzk_coordination"]))
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "PUP-1"], categories: ["team_notes"],
                                                      purposes: ["zzk_coordination"], explicit: true))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let note = try worker.addTeamNote(team, person: mother, text: "Pierwsze spotkanie ZZK: rodzina zgodziła się na plan.")
        return (fixture, mother, team, note)
    }

    // MARK: 1. Ciphertext length

    @Test("every value of every enum and boolean field is stored with the same ciphertext length, read from the file")
    func enumAndBooleanLengthsAreEqual() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let keyring = try #require(worker.keyring)
        let vault = fixture.vault
        let fields = vault.catalog.fields.filter { $0.type == .enum || $0.type == .boolean }
        #expect(fields.count >= 10, "the catalogue's enums and booleans, among them violence.blue_card and addiction.substance")
        var lengths: [String: Set<Int>] = [:]
        for field in fields {
            let values = field.type == .boolean ? ["true", "false"] : field.values
            #expect(values.count >= 2, "\(field.id) has values to tell apart")
            for value in values {
                try vault.write(keyring: keyring) { db, _ in
                    var store = PersonStore(db: db, keyring: keyring, catalog: vault.catalog, today: vault.clock.today, ids: vault.ids)
                    try store.writeField(person: person, field: field, value: value)
                }
                let locator = try fixture.locator(person, field.id)
                let stored = try fixture.rawDatabase().read { db in
                    try Int.fetchOne(db, sql: "SELECT length(sealed) FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?",
                                     arguments: [person, locator])
                }
                lengths[field.id, default: []].insert(try #require(stored))
            }
        }
        for (field, seen) in lengths.sorted(by: { $0.key < $1.key }) {
            #expect(seen.count == 1, "\(field): \(seen.sorted()) — a length tells the value")
        }
        // The bucket: nonce 24 + 32 padded bytes + tag 16.
        #expect(lengths["violence.blue_card"] == [72] && lengths["addiction.substance"] == [72])
        // Free text falls in coarser buckets, never its exact length.
        #expect(FieldPadding.paddedLength(for: 0) == 32 && FieldPadding.paddedLength(for: 31) == 32
                && FieldPadding.paddedLength(for: 32) == 64 && FieldPadding.paddedLength(for: 300) == 512
                && FieldPadding.paddedLength(for: 5000) == 5120)
    }

    @Test("padding is ISO/IEC 7816-4: a value round-trips at every length, and a malformed padding is refused")
    func paddingRoundTripsAndRefusesMalformed() {
        for count in [0, 1, 30, 31, 32, 255, 256, 4095, 4096, 9000] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
            let padded = FieldPadding.pad(bytes)
            #expect(padded.count == FieldPadding.paddedLength(for: count))
            #expect(FieldPadding.unpad(padded) == bytes)
        }
        #expect(FieldPadding.unpad([UInt8](repeating: 0, count: 32)) == nil, "no marker")
        #expect(FieldPadding.unpad(Array("abc".utf8) + [0x80] + [UInt8](repeating: 0, count: 12)) == nil, "not a bucket")
        #expect(FieldPadding.unpad(Array("abc".utf8) + [0x80, 1] + [UInt8](repeating: 0, count: 27)) == nil, "junk after the marker")
    }

    // MARK: 1b. Which fields, categories and relations a person has

    @Test("""
        from the file alone nothing tells which fields or categories a person has data in, nor their relation; \
        a specialist's keys find only the rows of their own categories
        """)
    func fieldsCategoriesAndRelationsAreNotInTheFile() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        // The father has an addiction, the mother a Niebieska Karta; the mother heads the household.
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try worker.createHousehold(members: [Household.Member(personID: mother, relation: .head),
                                                Household.Member(personID: father, relation: .spouse)],
                                       purpose: "case_assessment")
        let catalog = fixture.vault.catalog
        let raw = try fixture.rawDatabase()
        try raw.read { db in
            let locators = try String.fetchAll(db, sql: "SELECT locator FROM person_fields")
            #expect(locators.count >= 10)
            #expect(locators.allSatisfy { $0.count == 32 && !$0.contains(".") && catalog.field($0) == nil },
                    "no row is labelled with its field")
            // Every person holds a key for every category: their set of keys is the same.
            let keys = try Dictionary(grouping: Row.fetchAll(db, sql: """
                SELECT (SELECT id FROM persons WHERE pk = person) AS person_id, category FROM data_keys WHERE category NOT LIKE 'team_notes@%'
                """), by: { $0["person_id"] as String }).mapValues { Set($0.map { $0["category"] as String }) }
            #expect(keys[mother] == keys[father] && keys[mother] == Set(FieldFormatMigration.keyedCategories(catalog)))
            #expect(try String.fetchAll(db, sql: "SELECT relation FROM household_members") == ["", ""], "relations are not in the file")
            // Nowhere in these tables does an id of the catalogue, a relation or a category with data appear.
            let text = try String.fetchAll(db, sql: """
                SELECT locator || person FROM person_fields UNION ALL SELECT household_id || person_id || relation FROM household_members
                UNION ALL SELECT person || category FROM data_keys
                """).joined(separator: " ")
            for needle in ["blue_card", "substance", "head", "spouse", "role"] {
                #expect(!text.contains(needle), "the file says \(needle)")
            }
        }
        // PUP's keys (identity, contact, work of the mother) find exactly those rows of hers.
        let pup = try fixture.session("pup")
        try raw.read { db in
            let envelopes = try Data.fetchAll(db, sql: """
                SELECT envelope FROM grants WHERE login = 'pup' AND envelope IS NOT NULL AND category NOT LIKE 'team_notes%'
                """)
            let keys = try envelopes.map { try pup.keyPair.openKey(Array($0)) }
            #expect(keys.count == 3)
            let rows = Set(try String.fetchAll(db, sql: "SELECT locator FROM person_fields WHERE person = \(Fixtures.personKey)", arguments: [mother]))
            var found: Set<String> = []
            for key in keys {
                let locator = try FieldLocator(dataKey: key)
                for field in catalog.fields where rows.contains(try locator.locator(person: mother, field: field.id)) {
                    found.insert(field.id)
                }
            }
            let granted = (Fixtures.family[1] + [("work.status", "employed")]).map(\.0)
                .filter { ["identity", "contact", "work"].contains(String($0.prefix { $0 != "." })) }
            #expect(found == Set(granted))
            #expect(rows.count > found.count, "her other rows are there, but PUP cannot tell which they are")
        }
    }

    @Test("a specialist whose keys do not open a person's household.role sees the membership without a relation (null in JSON)")
    func relationNeedsTheHouseholdKey() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(members: [Household.Member(personID: mother, relation: .head)],
                                                   purpose: "case_assessment")
        #expect(try worker.household(household, purpose: "case_assessment").members.map(\.relation) == [.head])
        // PUP's consent covers identity, contact and work: no household key for the mother.
        let seen = try fixture.session("pup").showPerson(mother, purpose: "zzk_coordination")
        #expect(seen.fields[Session.membershipField] == nil)
        #expect(seen.households == [HouseholdMembership(householdID: household, relation: nil)])
        let json = String(decoding: try JSONEncoder().encode(seen.households[0]), as: UTF8.self)
        #expect(json.contains("\"relation\":null"), "\(json)")
    }

    @Test("a policy that drops or moves a field of the catalogue is refused; one that adds a category keys it for everyone at the next custodian unlock")
    func catalogueOnlyGrows() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let person = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let admin = try fixture.session("admin")
        var dropped = DefaultPolicies.files
        dropped["fields.yaml"] = dropped["fields.yaml"]!.replacingOccurrences(of: "  - id: household.dependants\n", with: "  - id: household.dependants_gone\n")
        #expect { _ = try admin.proposePolicy(dropped) } throws: {
            ($0 as? VaultError)?.description.contains("removes or moves household.dependants") == true
        }
        let proposal = try admin.proposePolicy(Self.petsTexts)
        _ = try fixture.session("iod").approvePolicy(hash: proposal.hash)
        let reopened = try Vault.open(at: fixture.url)
        let worker = try reopened.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        let categories = try fixture.rawDatabase().read {
            try String.fetchAll($0, sql: "SELECT category FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'pets'", arguments: [person])
        }
        #expect(categories == ["pets"], "the person existing before the new category holds its key")
        #expect(try worker.showPerson(person, purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewski")
        let entry = try #require(try reopened.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod")).auditEntries()
            .last { $0.action == "vault.migrate" })
        #expect(entry.actor == "worker" && entry.detail.contains("categories=") && entry.detail.contains("pets"))
    }

    /// The policy texts with one more category (`pets`) and its one field.
    static let petsTexts: [String: String] = {
        var texts = DefaultPolicies.files
        texts["fields.yaml"] = texts["fields.yaml"]!.replacingOccurrences(of: "\nfields:\n", with: """

              - id: pets
                sensitivity: ordinary
                label: {pl: "Zwierzęta domowe", en: "Pets"}

            fields:
              - id: pets.count
                type: integer
                min: 0
                max: 50
                label: {pl: "Liczba zwierząt", en: "Number of pets"}

            """)
        return texts
    }()

    @Test("a row planted at its field id after the migration stays a stray: a later run (a new category) never seals it")
    func plantedLegacyRowIsNeverMigrated() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let pup = try fixture.session("pup")
        let raw = try fixture.rawDatabase()
        // PUP forges the mother's surname as the previous release stored it: format 1, at the field id.
        try raw.write { db in
            let envelope = try #require(try Data.fetchOne(db, sql: """
                SELECT envelope FROM grants WHERE login = 'pup' AND person_id = ? AND category = 'identity' AND envelope IS NOT NULL
                """, arguments: [mother]))
            let key = try pup.keyPair.openKey(Array(envelope))
            let version = try #require(try Int64.fetchOne(db, sql: "SELECT key_version FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'identity'",
                                                         arguments: [mother]))
            let forged = try XChaCha20Poly1305.seal(Array("Kowalska".utf8), key: key, associatedData: AssociatedData.field(
                person: mother, field: "identity.last_name", version: 99, keyVersion: version, format: 1)).combined
            try db.execute(sql: """
                INSERT INTO person_fields (person, locator, version, key_version, sealed, format, seal)
                VALUES (\(Fixtures.personKey), 'identity.last_name', 99, ?, ?, 1, NULL)
                """, arguments: [mother, version, Data(forged)])
        }
        let proposal = try fixture.session("admin").proposePolicy(Self.petsTexts)
        _ = try fixture.session("iod").approvePolicy(hash: proposal.hash)
        let reopened = try Vault.open(at: fixture.url)
        let worker = try reopened.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM person_fields WHERE locator = 'identity.last_name' AND seal IS NULL") } == 1,
                "the run that keyed the new category left the planted row as it found it")
        expectIntegrityFailure(["field rows of person \(mother)", "found by no current data key"]) {
            _ = try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "case_assessment")
        }
    }

    @Test("a log edited to say the vault was never migrated is refused before anything is migrated again")
    func migrationRunsOnlyOnAVerifiedLog() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET detail = replace(detail, ' locators=1', '') WHERE action = 'vault.init'")
        }
        expectIntegrityFailure(["the audit log", "does not verify"]) {
            _ = try Vault.open(at: fixture.url).unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        }
    }

    @Test("a proposal made before another one that added a field is refused at approval once that one is in force")
    func approvalChecksTheCatalogueInForce() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let withPets = try admin.proposePolicy(Self.petsTexts)
        let stricter = try admin.proposePolicy(Fixtures.stricterPolicyTexts)
        let iod = try fixture.session("iod")
        _ = try iod.approvePolicy(hash: withPets.hash)
        #expect { _ = try iod.approvePolicy(hash: stricter.hash) } throws: {
            ($0 as? VaultError)?.description.contains("removes or moves pets.count") == true
        }
    }

    @Test("""
        a data key put back from before a revocation never carries new values: a category without values is re-keyed at its \
        first value, one with values refuses the write
        """)
    func rolledBackDataKeyCarriesNothingNew() throws {
        let (fixture, mother, team, _) = try scenario()
        defer { fixture.remove() }
        let pup = try fixture.session("pup")
        let raw = try fixture.rawDatabase()
        // The mother's work category is emptied; PUP keeps its key and the identity key, and the
        // file's writer keeps their wrapped rows.
        let worker = try fixture.session("worker")
        try worker.updatePerson(mother, set: [], clear: ["work.status"], purpose: "case_assessment")
        let (saved, oldRows) = try raw.read { db -> ([String: SecureBytes], [Row]) in
            var keys: [String: SecureBytes] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT category, envelope FROM grants WHERE login = 'pup' AND person_id = ? AND category IN ('work', 'identity')
                """, arguments: [mother]) {
                keys[row["category"]] = try pup.keyPair.openKey(Array(row["envelope"] as Data))
            }
            return (keys, try Row.fetchAll(db, sql: "SELECT * FROM data_keys WHERE person = \(Fixtures.personKey) AND category IN ('work', 'identity')",
                                            arguments: [mother]))
        }
        #expect(saved.count == 2)
        try worker.removeTeamMember(team, login: "pup")
        let current = try #require(try raw.read {
            try Row.fetchOne($0, sql: "SELECT key_version, sealed FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'identity'", arguments: [mother])
        })
        func putBack(_ category: String, _ row: Row) throws {
            try raw.write { db in
                try db.execute(sql: "UPDATE data_keys SET key_version = ?, sealed = ? WHERE person = \(Fixtures.personKey) AND category = ?",
                               arguments: [row["key_version"] as Int64, row["sealed"] as Data, mother, category])
            }
        }
        let old = Dictionary(uniqueKeysWithValues: oldRows.map { ($0["category"] as String, $0) })
        // The file's writer puts both old key rows back. identity has values: the rows re-sealed
        // under its newer key are strays to the old one, and the write stops before anything.
        try putBack("identity", try #require(old["identity"]))
        try putBack("work", try #require(old["work"]))
        expectIntegrityFailure(["field rows of person \(mother)", "found by no current data key"]) {
            try worker.updatePerson(mother, set: [("work.status", "employed")], purpose: "case_assessment")
        }
        // With only the empty category's old key in place, its first value goes under a fresh key.
        try putBack("identity", current)
        try worker.updatePerson(mother, set: [("work.status", "employed")], purpose: "case_assessment")
        let written = try raw.read { db in
            try Row.fetchAll(db, sql: "SELECT version, key_version, sealed FROM person_fields WHERE person = \(Fixtures.personKey)", arguments: [mother])
        }
        let workKey = try #require(saved["work"])
        #expect(!written.contains { row in
            (try? FieldCodec.open(Array(row["sealed"] as Data), key: workKey, person: mother, field: "work.status",
                                  version: row["version"], keyVersion: row["key_version"])) != nil
        }, "the kept work key opens nothing written after the revocation")
    }

    @Test("a row's value version does not tell its field: a person's fields are written in random order")
    func valueVersionsDoNotTellTheField() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        var versions: Set<Int64> = []
        for _ in 0..<8 {
            let person = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
            let locator = try fixture.locator(person, "identity.last_name")
            versions.insert(try #require(try fixture.rawDatabase().read {
                try Int64.fetchOne($0, sql: "SELECT version FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [person, locator])
            }))
        }
        #expect(versions.count > 1, "identity.last_name got version \(versions) every time")
    }

    // MARK: 1c. The audit log's field lists

    /// `audit_entries` rows with a field list, as a script reads them from the file.
    private func storedLists(_ fixture: Fixtures.StaffedVault, where condition: String = "1") throws -> [Row] {
        try fixture.rawDatabase().read { db in
            try Row.fetchAll(db, sql: "SELECT seq, actor, action, person_id, fields FROM audit_entries WHERE fields <> '' AND \(condition) ORDER BY seq")
        }
    }

    @Test("""
        the audit log's field lists name no field in the file and have one length per bucket; the IOD reads them, \
        a specialist's key opens none, a list moved to another entry opens for no one
        """)
    func auditFieldListsAreSealed() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let pup = try fixture.session("pup")
        _ = try pup.showPerson(mother, fields: ["identity.last_name"], purpose: "zzk_coordination")
        _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        let rows = try storedLists(fixture)
        #expect(rows.count >= 4, "person.create and reads carry lists")
        #expect(rows.allSatisfy { ($0["fields"] as String).hasPrefix("sealed:1:") })
        let fieldIDs = fixture.vault.catalog.fields.map(\.id) + [FieldCatalog.teamNoteField]
        for row in rows {
            let text: String = row["fields"]
            #expect(!fieldIDs.contains { text.contains($0) }, "entry \(row["seq"] as Int64) names a field")
        }
        let reads = rows.filter { $0["actor"] == "pup" && $0["action"] == "person.read" }
        #expect(reads.count == 2)
        #expect(Set(reads.map { ($0["fields"] as String).count }).count == 1, "a one-field read's length tells not which field")

        // The specialist's own key opens none of them, their own reads included.
        let pupReader = try fixture.vault.read { db in
            try AuditReaderStore.reader(db, keyring: nil, login: "pup", pair: pup.keyPair)
        }
        #expect(pupReader.versions.isEmpty)
        let iod = try fixture.session("iod")
        let iodReader = try fixture.vault.read { db in try AuditReaderStore.reader(db, keyring: nil, login: "iod", pair: iod.keyPair) }
        #expect(iodReader.versions == [1])
        for row in rows {
            #expect(pupReader.open(row["fields"], seq: row["seq"], personID: row["person_id"]) == nil)
            #expect(iodReader.open(row["fields"], seq: row["seq"], personID: row["person_id"]) != nil)
        }
        // Bound to its entry: the list of one read does not open as the other's.
        let (first, second) = (reads[0], reads[1])
        #expect(iodReader.open(first["fields"], seq: second["seq"], personID: second["person_id"]) == nil)

        let entries = try iod.auditEntries(personID: mother)
        #expect(entries.contains { $0.actor == "pup" && $0.fields == ["work.status"] && $0.sealedFields != nil })
        #expect(entries.contains { $0.action == "person.create" && $0.fields.contains("work.status") })
        #expect(!entries.contains { $0.fieldsUnread })
        #expect(try iod.verifyAudit().ok, "the Merkle leaves hash the sealed form: verifying needs no key")
    }

    @Test("""
        a full rotation starts a new audit-reader key: a saved reader secret opens no list written after, custodians and \
        the IOD read on; a disabled IOD keeps no box
        """)
    func fullRotationReplacesTheReaderKey() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let saved = try fixture.vault.read { db in
            try AuditReaderStore.reader(db, keyring: worker.keyring, login: "worker", pair: worker.keyPair)
        }
        #expect(saved.versions == [1])
        _ = try fixture.session("admin").rotateVaultKey(full: true)
        _ = try fixture.session("worker").showPerson(person, fields: ["identity.pesel"], purpose: "case_assessment")
        let rows = try storedLists(fixture, where: "action IN ('person.create', 'person.read')")
        let (created, read) = (try #require(rows.first), try #require(rows.last))
        #expect((read["fields"] as String).hasPrefix("sealed:2:"))
        #expect(saved.open(created["fields"], seq: created["seq"], personID: created["person_id"]) != nil)
        #expect(saved.open(read["fields"], seq: read["seq"], personID: read["person_id"]) == nil,
                "the key saved before the rotation opens nothing written after")
        let listed = try fixture.session("iod").auditEntries(personID: person)
        #expect(listed.last { $0.action == "person.read" }?.fields == ["identity.pesel"])
        #expect(listed.first { $0.action == "person.create" }?.fields.contains("identity.pesel") == true)
        let boxes = { try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_reader_boxes WHERE login = 'iod'") } }
        #expect(try boxes() == 2)
        _ = try fixture.session("admin").disableUser("iod", reason: "Koniec umowy z inspektorem ochrony danych.")
        #expect(try boxes() == 0)
    }

    @Test("""
        an intake notice's categories and an art. 19 notification's fields are sealed in the file; the social worker \
        and the IOD read them, a specialist's key does not
        """)
    func noticeAndNotificationListsAreSealed() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        _ = try fixture.session("pup").showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        let request = try worker.openRequest(person: mother, kind: .rectification, received: CalendarDate.today(Date()), channel: "letter")
        let sent = try worker.rectify(request.id, set: [("work.status", "unemployed_registered")])
        #expect(sent.map(\.fields) == [["work.status"]])

        let (notices, notifications) = try fixture.rawDatabase().read { db in
            (try Row.fetchAll(db, sql: "SELECT id, person_id, kind, categories FROM notices WHERE person_id = ?", arguments: [mother]),
             try String.fetchAll(db, sql: "SELECT fields FROM recipient_notifications"))
        }
        let intake = try #require(notices.first { $0["kind"] == "art13" })
        let intakeText: String = intake["categories"]
        #expect(intakeText.hasPrefix("sealed:1:"), "the intake notice says which categories were collected")
        #expect(notices.filter { $0["kind"] == "art14" }.allSatisfy { ($0["categories"] as String).hasPrefix("[") },
                "a cooperant's notice lists the categories its grants name (plaintext there too)")
        #expect(notifications.count == 1 && notifications.allSatisfy { $0.hasPrefix("sealed:1:") && !$0.contains("work.") })
        let pup = try fixture.session("pup")
        let pupReader = try fixture.vault.read { db in try AuditReaderStore.reader(db, keyring: nil, login: "pup", pair: pup.keyPair) }
        #expect(pupReader.open(intakeText, binding: AuditFieldSeal.record("notice", id: intake["id"], person: mother)) == nil)

        let iod = try fixture.session("iod")
        let read = try #require(try iod.notices(person: mother).first { $0.kind == .art13 })
        #expect(read.categories == ["contact", "identity", "support", "violence", "work"])
        #expect(!intakeText.contains("violence"), "…the mother's violence data among them")
        #expect(try worker.notices(person: mother).first { $0.kind == .art13 }?.categories == read.categories)
        #expect(try iod.recipientNotifications(request.id).map(\.fields) == [["work.status"]])
    }

    @Test("""
        a reader key swapped into the log's audit.reader entry, or an older entry moved over the newest, is refused \
        before anything is sealed to it (exit 4)
        """)
    func swappedReaderKeyIsRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let person = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try fixture.session("admin").rotateVaultKey(full: true)
        let attacker = try SealedBox.KeyPair()
        let db = try fixture.rawDatabase()
        let details = try db.read { try String.fetchAll($0, sql: "SELECT detail FROM audit_entries WHERE action = 'audit.reader' ORDER BY seq") }
        #expect(details.count == 2 && details.allSatisfy { $0.contains(" sig=") })
        try db.write { try $0.execute(sql: "DROP TRIGGER audit_entries_no_update") }
        let worker = try fixture.session("worker")
        let newest = "UPDATE audit_entries SET detail = ? WHERE seq = (SELECT MAX(seq) FROM audit_entries WHERE action = 'audit.reader')"
        let forged = details[1].replacingOccurrences(of: #"key=[0-9a-f]+"#, with: "key=\(Hex.encode(attacker.publicKey))",
                                                     options: .regularExpression)
        for detail in [forged, details[0]] {  // the attacker's key; the genuine but older version 1
            try db.write { try $0.execute(sql: newest, arguments: [detail]) }
            let lists = "SELECT COUNT(*) FROM audit_entries WHERE fields <> ''"
            let before = try db.read { try Int.fetchOne($0, sql: lists) }
            expectIntegrityFailure(["audit.reader", "not signed by this vault's audit key"]) {
                _ = try worker.showPerson(person, fields: ["identity.pesel"], purpose: "case_assessment")
            }
            #expect(try db.read { try Int.fetchOne($0, sql: lists) } == before, "no list was sealed to that key")
        }
        try db.write { try $0.execute(sql: newest, arguments: [details[1]]) }
        _ = try worker.showPerson(person, fields: ["identity.pesel"], purpose: "case_assessment")
    }

    @Test("""
        a departed IOD whose row and disable entry are put back gets no reader key at the next custodian unlock; \
        a custodian whose row is put back gets no vault key
        """)
    func putBackIODGetsNoReaderKey() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let iodPair = try fixture.session("iod").keyPair
        let admin = try fixture.session("admin")
        _ = try admin.disableUser("iod", reason: "Koniec umowy z inspektorem ochrony danych.")
        _ = try admin.disableUser("network", reason: "Przejście do innej jednostki samorządu.")
        _ = try admin.rotateVaultKey(full: true)
        let db = try fixture.rawDatabase()
        try db.write {
            try $0.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try $0.execute(sql: "UPDATE audit_entries SET detail = replace(replace(detail, 'login=iod', 'login=iox'), 'login=network', 'login=netwox') WHERE action = 'user.disable'")
            try $0.execute(sql: "UPDATE users SET disabled_at = NULL WHERE login = 'iod'")
            try $0.execute(sql: "UPDATE users SET disabled_at = NULL, vault_key_box = x'' WHERE login = 'network'")
        }
        _ = try fixture.session("worker")
        let reader = try fixture.vault.read { try AuditReaderStore.reader($0, keyring: nil, login: "iod", pair: iodPair) }
        #expect(reader.versions.isEmpty, "the row no longer matches its record seal")
        #expect(try db.read { try Data.fetchOne($0, sql: "SELECT vault_key_box FROM users WHERE login = 'network'") } == Data())
    }

    @Test("an art. 19 notification or notice whose sealed list was swapped for another record's is an integrity failure, not an empty list")
    func swappedSealedListIsRefused() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        _ = try fixture.session("pup").showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        let request = try worker.openRequest(person: mother, kind: .rectification, received: CalendarDate.today(Date()), channel: "letter")
        _ = try worker.rectify(request.id, set: [("work.status", "unemployed_registered")])
        try fixture.rawDatabase().write {
            try $0.execute(sql: "UPDATE recipient_notifications SET fields = (SELECT categories FROM notices WHERE kind = 'art13' LIMIT 1)")
        }
        expectIntegrityFailure(["art. 19 notification", "does not open"]) { _ = try worker.recipientNotifications(request.id) }
        expectIntegrityFailure(["art. 19 notification", "does not open"]) { _ = try fixture.session("iod").recipientNotifications(request.id) }
    }

    // MARK: 2. Team notes bound to team, author and time

    @Test("a team note re-attributed or re-dated in the file is refused, and moved into another team it does not open with the key")
    func noteBindingToTeamAuthorAndTime() throws {
        let (fixture, mother, team, note) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        #expect(try worker.teamNotes(team, person: mother).map(\.author) == ["worker"])
        let raw = try fixture.rawDatabase()
        let original = try #require(try raw.read { try Row.fetchOne($0, sql: "SELECT * FROM team_notes WHERE id = ?", arguments: [note]) })

        // Re-attributed to PUP's specialist: refused, naming the note.
        try raw.write { try $0.execute(sql: "UPDATE team_notes SET author = 'pup' WHERE id = ?", arguments: [note]) }
        expectIntegrityFailure(["team note \(note)", "another note, team, author or version"]) {
            _ = try worker.teamNotes(team, person: mother)
        }
        // Re-dated: refused.
        try raw.write { db in
            try db.execute(sql: "UPDATE team_notes SET author = ?, created_at = '2020-01-01T00:00:00.000Z' WHERE id = ?",
                           arguments: [original["author"] as String, note])
        }
        expectIntegrityFailure(["team note \(note)"]) { _ = try worker.teamNotes(team, person: mother) }

        // Moved into another team of the same person: the person's notes key no longer opens it.
        let key = try raw.read { db -> SecureBytes in
            var store = PersonStore(db: db, keyring: worker.keyring!, catalog: fixture.vault.catalog, today: "2026-12-03", ids: .random)
            return try #require(try store.dataKey(person: mother, category: TeamNoteKeys.category(team: team), create: false)).key
        }
        var moved = TeamNoteStore.decode(original)
        moved.teamID = "T-OTHERTM2"
        #expect(throws: VaultError.self) { _ = try FieldCodec.openNote(moved, key: key, person: mother) }
        #expect(try FieldCodec.openNote(TeamNoteStore.decode(original), key: key, person: mother).hasPrefix("Pierwsze spotkanie"))
    }

    @Test("notes are keyed per team: a member of team B holds no key that opens team A's notes, and removal from A re-keys A's notes only")
    func notesAreKeyedPerTeam() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let admin = try fixture.session("admin")
        try admin.addCooperantSpecialistForNotes()
        try admin.addUser(login: "ngo2", role: .specialist, name: "Jan Świątek", cooperantID: "NGO-1",
                          passphrase: Fixtures.passphrase(for: "ngo2"), profile: .test)
        try admin.authorise(Fixtures.authorisation("ngo2", categories: ["*"], until: "2099-12-31"))
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "NGO-1"], categories: ["identity", "team_notes"],
                                                      purposes: ["zzk_coordination"], explicit: true))
        let teamA = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        let teamB = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(teamA, login: "ngo2", until: "2099-12-31")
        _ = try worker.addTeamMember(teamA, login: "ngo", until: "2099-12-31")
        _ = try worker.addTeamMember(teamB, login: "ngo2", until: "2099-12-31")
        let first = try worker.addTeamNote(teamA, person: mother, text: "Zespół A: rozmowa z mamą o pracy.")
        let inB = try worker.addTeamNote(teamB, person: mother, text: "Zespół B: plan zajęć świetlicy.")
        #expect(try fixture.session("ngo2").teamNotes(teamA, person: mother).map(\.id) == [first])
        // NGO2 leaves team A but stays in team B; team A goes on writing.
        try worker.removeTeamMember(teamA, login: "ngo2")
        let second = try worker.addTeamNote(teamA, person: mother, text: "Zespół A: po odejściu NGO2.")
        let raw = try fixture.rawDatabase()
        let other = try fixture.session("ngo2")
        try raw.read { db in
            let keys = try Data.fetchAll(db, sql: "SELECT envelope FROM grants WHERE login = 'ngo2' AND envelope IS NOT NULL")
                .compactMap { try? other.keyPair.openKey(Array($0)) }
            #expect(!keys.isEmpty, "NGO2 still holds team B's keys")
            for note in try TeamNoteStore.fetchAll(db, person: mother) {
                let opens = keys.contains { (try? FieldCodec.openNote(note, key: $0, person: mother)) != nil }
                #expect(opens == (note.id == inB), "note \(note.id) of \(note.teamID) with NGO2's keys: \(opens)")
            }
            #expect(try String.fetchAll(db, sql: "SELECT DISTINCT category FROM grants WHERE login = 'ngo2' AND category LIKE 'team_notes%'")
                == [TeamNoteKeys.category(team: teamB)])
        }
        #expect(try fixture.session("ngo").teamNotes(teamA, person: mother).map(\.id) == [first, second])
        #expect(try other.teamNotes(teamB, person: mother).map(\.id) == [inB])
        #expect(throws: VaultError.self) { _ = try other.teamNotes(teamA, person: mother) }
        // The team view and the art. 15 answer speak of the catalogue category, never the key.
        #expect(try worker.team(teamB).grants.contains { $0.category == "team_notes" })
    }

    // MARK: 4. Forging with a data key

    @Test("a field rewritten with a specialist's data key is refused on the social worker's read (exit 4), audited; the specialist's own read is the known limit")
    func forgedFieldIsRefused() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        let pup = try fixture.session("pup")
        let raw = try fixture.rawDatabase()
        // The attacker: PUP's envelope for identity, opened with their own key, which also finds the row.
        let (forged, before, locator) = try raw.read { db -> ([UInt8], Row, String) in
            let envelope = try #require(try Data.fetchOne(db, sql: """
                SELECT envelope FROM grants WHERE login = 'pup' AND person_id = ? AND category = 'identity' AND envelope IS NOT NULL
                """, arguments: [mother]))
            let key = try pup.keyPair.openKey(Array(envelope))
            let locator = try FieldLocator(dataKey: key).locator(person: mother, field: "identity.last_name")
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?",
                                                    arguments: [mother, locator]))
            return (try FieldCodec.seal("Kowalska", key: key, person: mother, field: "identity.last_name", version: row["version"],
                                        keyVersion: row["key_version"]), row, locator)
        }
        try raw.write { db in
            try db.execute(sql: "UPDATE person_fields SET sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                           arguments: [Data(forged), mother, locator])
        }
        let worker = try fixture.session("worker")
        expectIntegrityFailure(["field identity.last_name of person \(mother)", "its seal does not match"]) {
            _ = try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "case_assessment")
        }
        let last = try #require(try fixture.session("iod").auditEntries(personID: mother).last)
        #expect(last.action == "person.read" && last.decision == .failed && last.actor == "worker")
        // Known limit: a specialist holds no key to check the custodians' seal, so their own
        // read shows what they (or a colleague with the same grant) wrote.
        #expect(try pup.showPerson(mother, fields: ["identity.last_name"], purpose: "zzk_coordination").fields["identity.last_name"] == "Kowalska")
        // Written again through the vault, the field is sealed and reads for everyone.
        try worker.updatePerson(mother, set: [("identity.last_name", "Żółkiewska")], purpose: "case_assessment")
        #expect(try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewska")
        #expect(before["seal"] as Data? != nil)
    }

    // MARK: 3. Offboarding and full rotation

    @Test("after user disable and a full rotation, a departed custodian's saved vault key, data keys and blind-index key open and find nothing written after")
    func offboardedCustodianKeysOpenNothingNew() throws {
        let (fixture, mother, _, _) = try scenario()
        defer { fixture.remove() }
        // What the network worker saved before leaving: the vault key, the blind-index key and
        // every data key of the mother.
        let network = try fixture.session("network")
        let savedRing = try #require(network.keyring)
        let raw = try fixture.rawDatabase()
        let (savedIndex, savedKeys) = try raw.read { db -> (SecureBytes, [String: SecureBytes]) in
            let index = try SecretStore.unwrap(db, name: VaultSecretName.blindIndex, keyring: savedRing)
            var store = PersonStore(db: db, keyring: savedRing, catalog: fixture.vault.catalog, today: "2026-12-03", ids: .random)
            var keys: [String: SecureBytes] = [:]
            for category in try String.fetchAll(db, sql: "SELECT category FROM data_keys WHERE person = \(Fixtures.personKey)", arguments: [mother]) {
                keys[category] = try #require(try store.dataKey(person: mother, category: category, create: false)).key
            }
            return (index, keys)
        }
        let admin = try fixture.session("admin")
        let offboarded = try admin.disableUser("network", reason: "Umowa o pracę rozwiązana 2026-12-03.")
        #expect(offboarded.heldVaultKey)
        let rotation = try admin.rotateVaultKey(full: true)
        let full = try #require(rotation.full)
        #expect(full.dataKeysReplaced >= savedKeys.count && full.personsReindexed >= 1 && full.staffNames >= 5 && full.caseRecords >= 2)

        // Written after: a new person, and a new value for the mother.
        let worker = try fixture.session("worker")
        let newcomer = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        try worker.updatePerson(mother, set: [("contact.city", "Gdańsk")], purpose: "case_assessment")
        try raw.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT (SELECT id FROM persons WHERE pk = person) AS person_id, category, key_version, sealed FROM data_keys") {
                #expect((try? savedRing.unwrapDataKey(Array(row["sealed"] as Data), person: row["person_id"], category: row["category"],
                                                       keyVersion: row["key_version"])) == nil, "the old vault key unwraps no data key")
            }
            // Neither does a saved data key find a row by its old locator, nor open any row as any field of its category.
            let rows = try Row.fetchAll(db, sql: "SELECT locator, version, key_version, sealed FROM person_fields WHERE person = \(Fixtures.personKey)",
                                        arguments: [mother])
            #expect(!rows.isEmpty)
            for (category, key) in savedKeys {
                let locator = try FieldLocator(dataKey: key)
                for field in fixture.vault.catalog.fields where field.category == category {
                    let old = try locator.locator(person: mother, field: field.id)
                    #expect(!rows.contains { ($0["locator"] as String) == old }, "\(field.id) is found under a saved key")
                    for row in rows {
                        #expect((try? FieldCodec.open(Array(row["sealed"] as Data), key: key, person: mother, field: field.id,
                                                      version: row["version"], keyVersion: row["key_version"])) == nil,
                                "a saved data key opens nothing: \(field.id)")
                    }
                }
            }
            // The saved blind-index key finds neither the newcomer nor anyone else by PESEL.
            let tag = try BlindIndex.tag("84031203573", kind: .pesel, key: savedIndex)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blind_index WHERE tag = ?", arguments: [Data(tag)]) == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blind_index WHERE person = \(Fixtures.personKey)", arguments: [newcomer])! > 0)
        }
        // The vault still finds and reads everything with the new keys.
        #expect(try worker.findPersons(.pesel, value: "84031203573", purpose: "case_assessment") == [newcomer])
        #expect(try worker.showPerson(mother, purpose: "case_assessment").fields["contact.city"] == "Gdańsk")
        #expect(try fixture.session("pup").showPerson(mother, fields: ["identity.last_name"], purpose: "zzk_coordination")
            .fields["identity.last_name"] == "Żółkiewska", "envelopes were re-issued under the new data keys")
        #expect(try fixture.session("iod").verifyAudit().ok)
    }

    @Test("a disabled user cannot log in, their slots are gone, and a rotation seals nothing to their row even when it is put back")
    func disabledUserIsLockedOut() throws {
        let (fixture, mother, team, _) = try scenario()
        defer { fixture.remove() }
        let raw = try fixture.rawDatabase()
        let before = try #require(try raw.read { try Row.fetchOne($0, sql: "SELECT * FROM users WHERE login = 'network'") })
        let admin = try fixture.session("admin")
        // A specialist: out of the team, envelopes gone, categories re-keyed.
        let pup = try admin.disableUser("pup", reason: "Koniec współpracy PUP w tym zespole.")
        #expect(pup.teams == [team] && !pup.heldVaultKey)
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'") } == 0)
        for login in ["pup", "network"] {
            if login == "network" { _ = try admin.disableUser("network", reason: "Przejście na emeryturę.", remove: true) }
            do {
                _ = try fixture.vault.unlock(login: login, passphrase: Fixtures.passphrase(for: login))
                Issue.record("\(login) logged in after being disabled")
            } catch let error {
                #expect(error.exitCode == 3 && error.description.contains("disabled"))
            }
        }
        let row = try #require(try raw.read { try Row.fetchOne($0, sql: "SELECT * FROM users WHERE login = 'network'") })
        #expect((row["vault_key_box"] as Data?) == nil && (row["name_sealed"] as Data).isEmpty && (row["disabled_at"] as String?) != nil)
        #expect((row["secret_sealed"] as Data) != (before["secret_sealed"] as Data))
        // The departed custodian puts their old row back; the log still says they left.
        try raw.write { db in
            try db.execute(sql: """
                UPDATE users SET vault_key_box = ?, secret_sealed = ?, name_sealed = ?, disabled_at = NULL, disabled_reason_sealed = NULL
                WHERE login = 'network'
                """, arguments: [before["vault_key_box"] as Data, before["secret_sealed"] as Data, before["name_sealed"] as Data])
        }
        #expect(throws: VaultError.self) { _ = try fixture.vault.unlock(login: "network", passphrase: Fixtures.passphrase(for: "network")) }
        // The row no longer matches its record seal (which covers disabled_at): the rotation stops, loudly.
        expectIntegrityFailure(["user network", "edited outside the vault"]) { _ = try admin.rotateVaultKey() }
        let box = try #require(try raw.read { try Data.fetchOne($0, sql: "SELECT vault_key_box FROM users WHERE login = 'network'") })
        #expect(box == before["vault_key_box"] as Data, "the rotation sealed no new vault key to the put-back row")
        let entry = try #require(try fixture.session("iod").auditEntries(actor: "admin").last { $0.action == "user.disable" })
        #expect(entry.detail == "login=network role=network-worker teams=0 remove=1")
        _ = mother
    }

    @Test("disabling needs an administrator and a reason, and never disables oneself; nothing changes on a refusal")
    func disableIsRefusedWithoutRoleOrReason() throws {
        let (fixture, _, _, _) = try scenario()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        #expect(throws: VaultError.self) { _ = try admin.disableUser("worker", reason: "krótko") }
        #expect(throws: VaultError.self) { _ = try admin.disableUser("admin", reason: "Odchodzę z pracy w OPS.") }
        #expect(throws: VaultError.self) { _ = try fixture.session("worker").disableUser("pup", reason: "Koniec współpracy z PUP.") }
        _ = try fixture.session("worker")
        _ = try fixture.session("pup")
    }

    // MARK: 7. The KDF floor

    @Test("in a real vault the test profile is refused for a new user, an invitation and a passphrase change; a test vault says so and allows it")
    func kdfFloorInARealVault() throws {
        let url = Fixtures.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let vault = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: "Bożena Wróblewska",
                                     passphrase: Fixtures.passphrase(for: "admin"), profile: .interactive)
        #expect(!vault.isTestVault && vault.kdfFloor == .interactive)
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        #expect(throws: VaultError.self) {
            try admin.addUser(login: "worker", role: .socialWorker, name: "Agnieszka Łęcka", cooperantID: nil,
                              passphrase: Fixtures.passphrase(for: "worker"), profile: .test)
        }
        #expect(throws: VaultError.self) {
            _ = try admin.inviteUser(login: "worker", role: .socialWorker, name: "Agnieszka Łęcka", cooperantID: nil, profile: .test)
        }
        #expect(throws: VaultError.self) { try admin.changePassphrase(to: Fixtures.passphrase("a new passphrase of admin"), profile: .test) }
        do {
            try admin.addUser(login: "worker", role: .socialWorker, name: "Agnieszka Łęcka", cooperantID: nil,
                              passphrase: Fixtures.passphrase(for: "worker"), profile: .test)
        } catch let error {
            #expect("\(error.description)".contains("zzk init --kdf test"))
        }
        #expect(try vault.read { try UserStore.fetch($0, login: "worker") } == nil, "nothing was added")

        let test = try Fixtures.staffedVault()
        defer { test.remove() }
        #expect(test.vault.isTestVault)
    }

    @Test("a test-profile slot left in a real vault by an earlier release is raised to interactive at its next unlock, audited")
    func testSlotIsRaisedAtUnlock() throws {
        let url = Fixtures.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let vault = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: "Bożena Wróblewska",
                                     passphrase: Fixtures.passphrase(for: "admin"), profile: .interactive)
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        let cheap = try UserKeySlot.create(secretKey: admin.keyPair.secretKey, publicKey: admin.keyPair.publicKey, login: "admin",
                                           passphrase: Fixtures.passphrase(for: "admin"), profile: .test, changes: 0)
        try DatabaseQueue(path: url.appendingPathComponent("vault.sqlite").path).write { try UserStore.replaceSlot($0, login: "admin", with: cheap) }
        _ = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        let record = try #require(try vault.read { try UserStore.fetch($0, login: "admin") })
        #expect(record.slot.profile == .interactive && record.slot.changes == 1)
        let again = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        #expect(try again.auditEntries(actor: "admin").contains { $0.action == "user.passwd" && $0.detail == "kdf=interactive via=kdf-floor" })
    }

    // MARK: 8. Time-based revocation

    @Test("a lapsed consent has no envelope one minute after its end: the next unlock of anyone deletes it, a custodian's re-keys at once")
    func lapsedConsentLosesEnvelopesAtUnlock() throws {
        let time = Mutex(Date())
        let clock = VaultClock { time.withLock { $0 } }
        let fixture = try Fixtures.cooperationVault(clock: clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        var draft = Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact"], purposes: ["zzk_coordination"])
        draft.validUntil = CalendarDate.today(clock.now)
        _ = try worker.recordConsent(draft)
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let raw = try fixture.rawDatabase()
        func envelopes() throws -> Int {
            try raw.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grants WHERE person_id = ? AND envelope IS NOT NULL", arguments: [mother]) ?? -1 }
        }
        func versions() throws -> [Int64] {
            try raw.read { try Int64.fetchAll($0, sql: """
                SELECT key_version FROM data_keys WHERE person = \(Fixtures.personKey) AND category IN ('identity', 'contact') ORDER BY category
                """, arguments: [mother]) }
        }
        #expect(try envelopes() == 2)
        let before = try versions()

        // One minute after the consent's last day ends in Warsaw.
        var warsaw = Calendar(identifier: .gregorian)
        warsaw.timeZone = TimeZone(identifier: "Europe/Warsaw")!
        let midnight = warsaw.date(byAdding: .day, value: 1, to: warsaw.startOfDay(for: clock.now))!
        time.withLock { $0 = midnight.addingTimeInterval(60) }
        _ = try fixture.vault.unlock(login: "pup", passphrase: Fixtures.passphrase(for: "pup"))
        #expect(try envelopes() == 0, "the specialist's own unlock already deleted the envelopes")
        #expect(try fixture.vault.hasPendingRekeys())
        _ = try fixture.session("worker")
        #expect(try !fixture.vault.hasPendingRekeys())
        #expect(try versions() == before.map { $0 + 1 }, "a custodian's unlock re-keyed identity and contact at once")
        expectRefused { _ = try fixture.session("pup").showPerson(mother, purpose: "zzk_coordination") }
    }

    private func expectRefused(_ body: () throws -> Void) {
        do {
            try body()
            Issue.record("the read went through")
        } catch let error as VaultError {
            #expect(error.exitCode == 3, "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    // MARK: 9. Policies/ as found

    @Test("""
        a Policies folder other accounts may change, or a symlinked policy file, is never read: the vault opens on \
        its stored policy
        """)
    func policyFilesAreNotRead() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let policies = fixture.url.appendingPathComponent("Policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: false)
        for (name, text) in DefaultPolicies.files {
            try Data(text.utf8).write(to: policies.appendingPathComponent(name))
        }
        let rules = policies.appendingPathComponent("rules.yaml")
        try Data("""
            version: 1
            rules:
              - {id: all, effect: permit, who: ["*"], fields: ["*"], purposes: ["*"], why: w}

            """.utf8).write(to: rules)
        chmod(policies.path, 0o777)
        chmod(rules.path, 0o666)
        #expect(try Vault.open(at: fixture.url).policy.hash == fixture.vault.policy.hash)
        let elsewhere = Fixtures.temporaryURL("rules")
        try FileManager.default.moveItem(at: rules, to: elsewhere)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createSymbolicLink(at: rules, withDestinationURL: elsewhere)
        let reopened = try Vault.open(at: fixture.url)
        #expect(reopened.policy.hash == fixture.vault.policy.hash)
        #expect(reopened.ignoredPolicyFiles()?.hash != fixture.vault.policy.hash, "the folder is noted as differing")
    }

    // MARK: Migration from the previous release

    @Test("""
        a vault written by the previous release (format 1, schema v7) is migrated at the first custodian unlock: padded, sealed, \
        notes bound, rows moved to their locators, every category keyed, log verifies
        """)
    func previousReleaseVaultIsMigrated() throws {
        let (fixture, mother, team, note) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(members: [Household.Member(personID: mother, relation: .head)], purpose: "case_assessment")
        let before = try worker.showPerson(mother, purpose: "case_assessment").fields
        #expect(before[Session.membershipField] == "head")
        let formerLengths = try LegacyVault.downgrade(fixture, keyring: try #require(worker.keyring))
        #expect(try fixture.rawDatabase().read { try String.fetchAll($0, sql: "SELECT relation FROM household_members") } == ["head"])
        #expect(Set(formerLengths.values).count > 1, "the previous release stored exact lengths")

        // Opened by this release: the schema gains the v8 columns; a specialist still reads the
        // old rows before any custodian has unlocked.
        let reopened = try Vault.open(at: fixture.url)
        let pup = try reopened.unlock(login: "pup", passphrase: Fixtures.passphrase(for: "pup"))
        #expect(try pup.showPerson(mother, fields: ["identity.last_name"], purpose: "zzk_coordination").fields["identity.last_name"] == "Żółkiewska")
        let legacyCopy = try fixture.rawDatabase().read {
            try Row.fetchOne($0, sql: "SELECT * FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = 'work.status'", arguments: [mother])
        }

        let plainLists = "SELECT COUNT(*) FROM audit_entries WHERE fields LIKE '%.%' AND fields NOT LIKE 'sealed:%'"
        let plainBefore = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: plainLists) ?? 0 }
        #expect(plainBefore > 0, "that release wrote field lists in plaintext (and so does this one until a custodian unlocks)")

        let migrated = try reopened.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        // The first custodian unlock makes the audit-reader key and hands it to the IOD; lists
        // written from then on are sealed, those already in the log stay as they were (append-only).
        let readerEntries = try fixture.rawDatabase().read {
            try String.fetchAll($0, sql: "SELECT action || ' ' || detail FROM audit_entries WHERE action LIKE '%audit_reader' OR action = 'audit.reader'")
        }
        #expect(readerEntries.count == 2 && readerEntries[0].hasPrefix("audit.reader version=1 key=") && readerEntries[0].hasSuffix(" via=migrate"))
        #expect(readerEntries.last == "user.audit_reader login=iod versions=1")
        _ = try migrated.showPerson(mother, fields: ["work.status"], purpose: "case_assessment")
        #expect(try fixture.rawDatabase().read { try Int.fetchOne($0, sql: plainLists) } == plainBefore)
        #expect(try storedLists(fixture, where: "action = 'person.read' AND actor = 'worker'").last.map { ($0["fields"] as String).hasPrefix("sealed:1:") } == true)
        let rows = try fixture.rawDatabase().read { try Row.fetchAll($0, sql: "SELECT format, seal, locator FROM person_fields") }
        #expect(!rows.isEmpty && rows.allSatisfy { ($0["format"] as Int64) == 2 && ($0["seal"] as Data?) != nil })
        #expect(rows.allSatisfy { !($0["locator"] as String).contains(".") }, "no row is found by its field id any more")
        let categories = Set(FieldFormatMigration.keyedCategories(fixture.vault.catalog))
        let keyed = try fixture.rawDatabase().read { db in
            try Dictionary(grouping: Row.fetchAll(db, sql: "SELECT (SELECT id FROM persons WHERE pk = person) AS person_id, category FROM data_keys WHERE category NOT LIKE 'team_notes%'"),
                           by: { $0["person_id"] as String }).mapValues { Set($0.map { $0["category"] as String }) }
        }
        #expect(!keyed.isEmpty && keyed.values.allSatisfy { $0 == categories }, "every person holds a key for every category")
        #expect(try fixture.rawDatabase().read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM team_notes WHERE format <> 2") } == 0)
        #expect(try migrated.showPerson(mother, purpose: "case_assessment").fields == before)
        // The relation left the plaintext column for the mother's sealed household.role.
        #expect(try fixture.rawDatabase().read { try String.fetchAll($0, sql: "SELECT relation FROM household_members") } == [""])
        #expect(try migrated.household(household, purpose: "case_assessment").members.map(\.relation) == [.head])
        #expect(try migrated.teamNotes(team, person: mother).map(\.id) == [note])
        let iod = try reopened.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod"))
        let entry = try #require(try iod.auditEntries(actor: "worker").last { $0.action == "vault.migrate" })
        let listed = FieldFormatMigration.keyedCategories(fixture.vault.catalog).joined(separator: ",")
        #expect(entry.detail.hasPrefix("format=2 locators=1 categories=\(listed) fields=\(formerLengths.count) notes=1 "
                                       + "relocated=\(formerLengths.count) keys="))
        #expect(try iod.verifyAudit().ok)
        #expect(try iod.auditEntries(actor: "worker").contains { $0.action == "person.read" && $0.fields == ["work.status"] })
        // Once migrated, a format-1 row put back from a copy (where an attacker knows the row) is refused to everyone.
        let legacy = try #require(legacyCopy)
        let workStatus = try fixture.locator(mother, "work.status")
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE person_fields SET sealed = ?, format = 1, seal = NULL WHERE person = \(Fixtures.personKey) AND locator = ?",
                           arguments: [legacy["sealed"] as Data, mother, workStatus])
        }
        expectIntegrityFailure(["field work.status of person \(mother)", "format 1"]) {
            _ = try migrated.showPerson(mother, fields: ["work.status"], purpose: "case_assessment")
        }
        expectIntegrityFailure(["field work.status of person \(mother)", "format 1"]) {
            _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        }
    }
}
