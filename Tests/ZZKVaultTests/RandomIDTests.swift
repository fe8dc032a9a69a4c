import GRDB
import Testing
@testable import ZZKVault

@Suite("Random ids")
struct RandomIDTests {
    @Test("ids are 8 Crockford base32 symbols after the prefix, and every symbol occurs")
    func shape() {
        var seen = Set<Character>()
        for _ in 0..<2_000 {
            let id = IDSource.random.make(prefix: "P")
            #expect(RandomID.isValid(id, prefix: "P"))
            seen.formUnion(id.dropFirst(2))
        }
        #expect(seen == Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
    }

    @Test("a seeded id source gives the same well-formed ids on every run, and different seeds differ")
    func seededSourceRepeats() {
        let source = IDSource.seeded(7)
        let first = (0..<50).map { _ in source.make(prefix: "T") }
        let again = IDSource.seeded(7)
        #expect(first == (0..<50).map { _ in again.make(prefix: "T") })
        #expect(first.allSatisfy { RandomID.isValid($0, prefix: "T") })
        #expect(Set(first).count == first.count)
        #expect(IDSource.seeded(8).make(prefix: "T") != IDSource.seeded(7).make(prefix: "T"))
    }

    @Test("an insert whose id collides with an existing primary key is retried with a new id; the transaction goes on")
    func collisionIsRetried() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL, n INTEGER) STRICT; INSERT INTO t VALUES ('P-TAKEN000', 0)")
            var attempts = 0
            let id = try RandomID.inserting(prefix: "P", from: .random) { id in
                attempts += 1
                // The first three draws "collide": they hit the id already taken.
                try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [attempts <= 3 ? "P-TAKEN000" : id, attempts])
            }
            #expect(attempts == 4)
            #expect(try String.fetchAll(db, sql: "SELECT id FROM t ORDER BY n") == ["P-TAKEN000", id])
        }
    }

    @Test("an id space that never yields a free id ends in a clear error, not a loop")
    func exhaustedIDSpace() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL) STRICT; INSERT INTO t VALUES ('P-TAKEN000')")
            #expect(throws: VaultError.self) {
                _ = try RandomID.inserting(prefix: "P", from: .random) { _ in try db.execute(sql: "INSERT INTO t VALUES ('P-TAKEN000')") }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 1)
        }
    }
}
