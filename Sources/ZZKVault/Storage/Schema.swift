import GRDB

/// The vault's SQLite schema, as GRDB migrations: the single history of the schema.
///
/// Nothing here stores plaintext personal data: person fields, data keys and staff names are
/// ciphertexts; search goes through keyed blind indexes; the audit log holds ids and codes.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: """
                CREATE TABLE vault_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) STRICT;

                CREATE TABLE users (
                    login TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin','social-worker','network-worker','specialist','dpo')),
                    cooperant_id TEXT,
                    name_sealed BLOB NOT NULL,
                    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
                    secret_sealed BLOB NOT NULL,
                    kdf_salt BLOB NOT NULL,
                    kdf_ops INTEGER NOT NULL,
                    kdf_mem INTEGER NOT NULL,
                    kdf_profile TEXT NOT NULL,
                    vault_key_box BLOB,
                    created_at TEXT NOT NULL,
                    CHECK ((role IN ('admin','social-worker','network-worker')) = (vault_key_box IS NOT NULL))
                ) STRICT;

                CREATE TABLE vault_secrets (
                    name TEXT PRIMARY KEY NOT NULL,
                    sealed BLOB NOT NULL
                ) STRICT;

                CREATE TABLE persons (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    created_by TEXT NOT NULL REFERENCES users(login),
                    field_counter INTEGER NOT NULL DEFAULT 0
                ) STRICT;

                CREATE TABLE data_keys (
                    person_id TEXT NOT NULL REFERENCES persons(id),
                    category TEXT NOT NULL,
                    key_version INTEGER NOT NULL,
                    sealed BLOB NOT NULL,
                    PRIMARY KEY (person_id, category)
                ) STRICT;

                CREATE TABLE person_fields (
                    person_id TEXT NOT NULL REFERENCES persons(id),
                    field_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    key_version INTEGER NOT NULL,
                    sealed BLOB NOT NULL,
                    PRIMARY KEY (person_id, field_id)
                ) STRICT;

                CREATE TABLE blind_index (
                    person_id TEXT NOT NULL REFERENCES persons(id),
                    kind TEXT NOT NULL,
                    tag BLOB NOT NULL,
                    PRIMARY KEY (person_id, kind)
                ) STRICT;
                CREATE INDEX blind_index_lookup ON blind_index(kind, tag);

                CREATE TABLE households (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at TEXT NOT NULL
                ) STRICT;

                CREATE TABLE household_members (
                    household_id TEXT NOT NULL REFERENCES households(id),
                    person_id TEXT NOT NULL REFERENCES persons(id),
                    relation TEXT NOT NULL,
                    PRIMARY KEY (household_id, person_id)
                ) STRICT;

                CREATE TABLE audit_entries (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    person_id TEXT,
                    fields TEXT NOT NULL,
                    purpose TEXT,
                    decision TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    leaf_hash BLOB NOT NULL
                ) STRICT;
                CREATE INDEX audit_by_person ON audit_entries(person_id);
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

                CREATE TABLE audit_checkpoints (
                    tree_size INTEGER PRIMARY KEY NOT NULL,
                    root_hash BLOB NOT NULL,
                    note TEXT NOT NULL,
                    created_at TEXT NOT NULL
                ) STRICT;
                CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
                    BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
                CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
                    BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;

                CREATE TABLE audit_state (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                    size INTEGER NOT NULL,
                    frontier BLOB NOT NULL
                ) STRICT;
                INSERT INTO audit_state (id, size, frontier) VALUES (1, 0, x'');
                """)
        }
        return migrator
    }
}
