// The bare C work behind each vault workload; see include/zzk_baseline.h.
#include "zzk_baseline.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define KEY 32
#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define MAX_CATEGORIES 32
#define MAX_FIELDS 64
#define MAX_CATALOG 256
#define ENVELOPE_BINDING 16
#define LIST_BUCKET 256

enum {
    S_PERSON_EXISTS, S_MEMBER, S_CONSENT, S_KEY_VERSION, S_ENVELOPE, S_DATA_KEY, S_FIELDS,
    S_AUDIT_STATE, S_AUDIT_INSERT, S_AUDIT_STORE, S_CHECKPOINT_INSERT,
    S_INSERT_PERSON, S_INSERT_KEY, S_INSERT_FIELD, S_INSERT_INDEX, S_INSERT_NOTICE, S_PESEL_TAKEN,
    S_COUNT
};

// The vault's own schema (the bench runs on a copy of a database the Swift code made).
static const char *const SQL[S_COUNT] = {
    [S_PERSON_EXISTS] = "SELECT EXISTS(SELECT 1 FROM persons WHERE id = ?)",
    [S_MEMBER] = "SELECT EXISTS(SELECT 1 FROM teams t JOIN team_members m ON m.team_id = t.id "
                 "WHERE t.closed_at IS NULL AND m.login = ? AND m.removed_at IS NULL AND m.until >= ? AND t.person_id = ?)",
    [S_CONSENT] = "SELECT explicit FROM consents c WHERE c.person_id = ? AND c.withdrawn_on IS NULL AND c.valid_from <= ? "
                  "AND (c.valid_until IS NULL OR c.valid_until >= ?) "
                  "AND EXISTS(SELECT 1 FROM json_each(c.cooperants) WHERE value IN (?, '*')) "
                  "AND EXISTS(SELECT 1 FROM json_each(c.categories) WHERE value = ?) "
                  "AND EXISTS(SELECT 1 FROM json_each(c.purposes) WHERE value = ?) ORDER BY explicit DESC LIMIT 1",
    [S_KEY_VERSION] = "SELECT key_version FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = ?) AND category = ?",
    [S_ENVELOPE] = "SELECT category, key_version, envelope FROM grants WHERE login = ? AND person_id = ? "
                   "AND envelope IS NOT NULL AND expires_on >= ?",
    [S_DATA_KEY] = "SELECT key_version, sealed FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = ?) "
                   "AND category = ?",
    [S_FIELDS] = "SELECT locator, version, key_version, sealed, format, seal FROM person_fields "
                 "WHERE person = (SELECT pk FROM persons WHERE id = ?)",
    [S_AUDIT_STATE] = "SELECT size, frontier FROM audit_state WHERE id = 1",
    [S_AUDIT_INSERT] = "INSERT INTO audit_entries (seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [S_AUDIT_STORE] = "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1",
    [S_CHECKPOINT_INSERT] = "INSERT INTO audit_checkpoints (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)",
    [S_INSERT_PERSON] = "INSERT INTO persons (id, created_at, updated_at, created_by, field_counter) VALUES (?, ?, ?, ?, ?)",
    [S_INSERT_KEY] = "INSERT INTO data_keys (person, category, key_version, sealed) VALUES (?, ?, 1, ?)",
    [S_INSERT_FIELD] = "INSERT INTO person_fields (person, locator, version, key_version, sealed, format, seal) "
                       "VALUES (?, ?, ?, 1, ?, 2, ?)",
    [S_INSERT_INDEX] = "INSERT INTO blind_index (person, kind, tag) VALUES (?, ?, ?)",
    [S_INSERT_NOTICE] = "INSERT INTO notices (id, person_id, kind, cooperant_id, categories, purposes, disclosed_on, due, created_at) "
                        "VALUES (?, ?, 'art13', ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, kind, cooperant_id) DO NOTHING",
    [S_PESEL_TAKEN] = "SELECT person FROM blind_index WHERE kind = 'pesel' AND tag = ?",
};

// The leanest schema that meets the same requirements (docs/performance.md, "The limit"):
// integer internal keys, so every per-person row is appended; the public random ids kept as
// unique columns; PESEL uniqueness as a partial unique index over its blind index instead of a
// query per row; categories and index kinds as small integers.
static const char LEAN_SCHEMA[] =
    "CREATE TABLE persons (id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, "
    "  updated_at TEXT NOT NULL, created_by TEXT NOT NULL, field_counter INTEGER NOT NULL) STRICT;"
    "CREATE TABLE data_keys (person INTEGER NOT NULL REFERENCES persons(id), category INTEGER NOT NULL, "
    "  key_version INTEGER NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (person, category)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE person_fields (person INTEGER NOT NULL REFERENCES persons(id), locator BLOB NOT NULL, "
    "  version INTEGER NOT NULL, key_version INTEGER NOT NULL, sealed BLOB NOT NULL, format INTEGER NOT NULL, "
    "  seal BLOB NOT NULL, PRIMARY KEY (person, locator)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE blind_index (person INTEGER NOT NULL REFERENCES persons(id), kind INTEGER NOT NULL, "
    "  tag BLOB NOT NULL, PRIMARY KEY (person, kind)) STRICT, WITHOUT ROWID;"
    "CREATE UNIQUE INDEX one_pesel ON blind_index(tag) WHERE kind = 1;"
    "CREATE INDEX blind_lookup ON blind_index(kind, tag) WHERE kind <> 1;"
    "CREATE TABLE notices (id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, "
    "  person INTEGER NOT NULL REFERENCES persons(id), kind INTEGER NOT NULL, cooperant_id TEXT NOT NULL, "
    "  categories TEXT NOT NULL, purposes TEXT NOT NULL, disclosed_on TEXT NOT NULL, due TEXT NOT NULL, "
    "  created_at TEXT NOT NULL, UNIQUE (person, kind, cooperant_id)) STRICT;"
    "CREATE TABLE audit_entries (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, "
    "  action TEXT NOT NULL, person INTEGER REFERENCES persons(id), fields TEXT NOT NULL, purpose TEXT, "
    "  decision TEXT NOT NULL, detail TEXT NOT NULL, leaf_hash BLOB NOT NULL) STRICT;"
    "CREATE INDEX audit_by_person ON audit_entries(person);"
    "CREATE TABLE audit_checkpoints (tree_size INTEGER PRIMARY KEY, root_hash BLOB NOT NULL, note TEXT NOT NULL, "
    "  created_at TEXT NOT NULL) STRICT;"
    "CREATE TABLE audit_state (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, frontier BLOB NOT NULL) STRICT;"
    "INSERT INTO audit_state VALUES (1, 0, x'');";

static const char *const LEAN_SQL[S_COUNT] = {
    [S_AUDIT_STATE] = "SELECT size, frontier FROM audit_state WHERE id = 1",
    [S_AUDIT_INSERT] = "INSERT INTO audit_entries (seq, time, actor, action, person, fields, purpose, decision, detail, leaf_hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [S_AUDIT_STORE] = "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1",
    [S_CHECKPOINT_INSERT] = "INSERT INTO audit_checkpoints (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)",
    [S_INSERT_PERSON] = "INSERT INTO persons (public_id, created_at, updated_at, created_by, field_counter) VALUES (?, ?, ?, ?, ?)",
    [S_INSERT_KEY] = "INSERT INTO data_keys (person, category, key_version, sealed) VALUES (?, ?, 1, ?)",
    [S_INSERT_FIELD] = "INSERT INTO person_fields (person, locator, version, key_version, sealed, format, seal) "
                       "VALUES (?, ?, ?, 1, ?, 2, ?)",
    [S_INSERT_INDEX] = "INSERT INTO blind_index (person, kind, tag) VALUES (?, ?, ?)",
    [S_INSERT_NOTICE] = "INSERT INTO notices (public_id, person, kind, cooperant_id, categories, purposes, disclosed_on, due, created_at) "
                        "VALUES (?, ?, 13, ?, ?, ?, ?, ?, ?) ON CONFLICT (person, kind, cooperant_id) DO NOTHING",
};

struct zb_ctx {
    sqlite3 *db;
    sqlite3_stmt *stmt[S_COUNT];
    int lean;
    unsigned char *vault_key;   // sodium_malloc'ed, like the Swift keyring
    unsigned char *blind_key;
    unsigned char *seal_key;    // the vault secret `record-seals`
    int64_t epoch;
    unsigned char box_pk[crypto_box_PUBLICKEYBYTES];
    unsigned char *box_sk;
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char *sign_sk;
    unsigned char reader_pk[crypto_box_PUBLICKEYBYTES];  // the audit-reader key lists are sealed to
    // One transaction's list sealer: an ephemeral X25519 key and the key derived from it.
    unsigned char writer_pk[crypto_box_PUBLICKEYBYTES];
    unsigned char *writer_key;
    // The field catalogue, and the categories every person holds a data key for.
    char catalog[MAX_CATALOG][64];
    int catalog_category[MAX_CATALOG];
    int ncatalog;
    char keyed[MAX_CATEGORIES][64];
    int nkeyed;
    char origin[96];
    char error[256];
};

/// An RFC 6962 tree frontier: the roots of the perfect subtrees, largest first.
typedef struct {
    uint64_t size;
    int count;
    unsigned char roots[64][32];
} frontier;

static int fail(zb_ctx *c, const char *what) {
    snprintf(c->error, sizeof c->error, "%s: %s", what, c->db ? sqlite3_errmsg(c->db) : "no database");
    return -1;
}

static sqlite3_stmt *st(zb_ctx *c, int which) {
    sqlite3_stmt *s = c->stmt[which];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static void text(sqlite3_stmt *s, int i, const char *v) { sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC); }
static void blob(sqlite3_stmt *s, int i, const void *v, int n) { sqlite3_bind_blob(s, i, v, n, SQLITE_STATIC); }

static void now_text(char out[32]) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm parts;
    time_t seconds = tv.tv_sec;
    gmtime_r(&seconds, &parts);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
             parts.tm_hour, parts.tm_min, parts.tm_sec, (int)(tv.tv_usec / 1000));
}

static void today_text(char out[16]) {
    time_t seconds = time(NULL);
    struct tm parts;
    gmtime_r(&seconds, &parts);
    snprintf(out, 16, "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
}

/// "label\0part\0part…" — the vault's associated data.
static size_t ad(unsigned char *out, size_t cap, const char *label, const char *const *parts, int n) {
    size_t len = 0;
    size_t l = strlen(label);
    if (l > cap) return 0;
    memcpy(out, label, l);
    len = l;
    for (int i = 0; i < n; i++) {
        size_t p = strlen(parts[i]);
        if (len + 1 + p > cap) return 0;
        out[len++] = 0;
        memcpy(out + len, parts[i], p);
        len += p;
    }
    return len;
}

/// A field value's associated data, format 2 (padded values).
static size_t field_ad(unsigned char *out, const char *person, const char *field, int64_t version, int64_t key_version) {
    char v[24], kv[24];
    snprintf(v, sizeof v, "%lld", (long long)version);
    snprintf(kv, sizeof kv, "%lld", (long long)key_version);
    const char *parts[] = {person, field, v, kv};
    return ad(out, 256, "zzk.field.v2", parts, 4);
}

static size_t data_key_ad(unsigned char *out, const char *person, const char *category, int64_t key_version, int64_t epoch) {
    char kv[24], e[24];
    snprintf(kv, sizeof kv, "%lld", (long long)key_version);
    snprintf(e, sizeof e, "%lld", (long long)epoch);
    const char *parts[] = {person, category, kv, e};
    return ad(out, 256, "zzk.datakey.v1", parts, 4);
}

/// nonce || ciphertext || tag, as the vault stores it. `out` holds len + NONCE + TAG bytes.
static void seal(unsigned char *out, const unsigned char *m, size_t len, const unsigned char *a, size_t alen, const unsigned char *key) {
    randombytes_buf(out, NONCE);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE, &clen, m, len, a, alen, NULL, out, key);
}

static int open_sealed(unsigned char *out, const unsigned char *sealed, size_t len, const unsigned char *a, size_t alen, const unsigned char *key) {
    if (len < NONCE + TAG) return -1;
    unsigned long long mlen = 0;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, sealed + NONCE, len - NONCE, a, alen, sealed, key);
}

/// ISO/IEC 7816-4 padding to the vault's buckets (FieldPadding.swift): 32 bytes up to 256,
/// 256 up to 4 096, 1 024 above. Returns the padded length written to `out`.
static size_t pad_value(unsigned char *out, const char *value, size_t len) {
    size_t need = len + 1, step = need <= 256 ? 32 : need <= 4096 ? 256 : 1024;
    size_t padded = (need + step - 1) / step * step;
    memcpy(out, value, len);
    out[len] = 0x80;
    memset(out + len + 1, 0, padded - len - 1);
    return padded;
}

/// Length of the padded value inside `plain` (0x80 then zeros), or -1.
static long unpad_value(const unsigned char *plain, size_t len) {
    size_t i = len;
    while (i > 0 && plain[i - 1] == 0) i--;
    return i > 0 && plain[i - 1] == 0x80 ? (long)(i - 1) : -1;
}

/// The locator key of a data key (FieldLocator.swift).
static void locator_key(unsigned char out[32], const unsigned char *data_key) {
    static const char label[] = "zzk.field-locator.v1";
    crypto_generichash(out, 32, (const unsigned char *)label, sizeof label - 1, data_key, KEY);
}

/// A field row's locator: BLAKE2b-128 of person \0 field, keyed by the locator key; 32 hex digits.
static void locator_of(char out[33], const unsigned char lkey[32], const char *person, const char *field) {
    unsigned char message[160], tag[16];
    size_t p = strlen(person), f = strlen(field);
    memcpy(message, person, p);
    message[p] = 0;
    memcpy(message + p + 1, field, f);
    crypto_generichash(tag, 16, message, p + 1 + f, lkey, 32);
    sodium_bin2hex(out, 33, tag, 16);
}

/// The custodians' seal over a field row (FieldSeal.swift), format 2.
static void row_seal(unsigned char out[32], const unsigned char *key, const char *person, const char *locator,
                     int64_t version, int64_t key_version, const unsigned char *sealed, size_t slen) {
    char v[24], kv[24];
    snprintf(v, sizeof v, "%lld", (long long)version);
    snprintf(kv, sizeof kv, "%lld", (long long)key_version);
    const char *parts[] = {person, locator, v, kv, "2"};
    unsigned char prefix[256], zero = 0;
    size_t plen = ad(prefix, sizeof prefix, "zzk.fieldseal.v1", parts, 5);
    crypto_generichash_state s;
    crypto_generichash_init(&s, key, KEY, 32);
    crypto_generichash_update(&s, prefix, plen);
    crypto_generichash_update(&s, &zero, 1);
    crypto_generichash_update(&s, sealed, slen);
    crypto_generichash_final(&s, out, 32);
}

/// Starts a transaction's list sealer (AuditFieldWriter.swift): one ephemeral X25519 key pair,
/// the shared secret with the reader key, the key BLAKE2b-256(label ‖ ephemeral ‖ reader).
static int writer_begin(zb_ctx *c) {
    unsigned char esk[crypto_box_SECRETKEYBYTES], shared[crypto_scalarmult_BYTES], message[19 + 64];
    crypto_box_keypair(c->writer_pk, esk);
    int rc = crypto_scalarmult(shared, esk, c->reader_pk);
    sodium_memzero(esk, sizeof esk);
    if (rc != 0) return -1;
    memcpy(message, "zzk.audit-fields.v1", 19);
    memcpy(message + 19, c->writer_pk, 32);
    memcpy(message + 51, c->reader_pk, 32);
    crypto_generichash(c->writer_key, KEY, message, sizeof message, shared, sizeof shared);
    sodium_memzero(shared, sizeof shared);
    return 0;
}

/// `sealed:1:` and the base64 of ephemeral key ‖ nonce ‖ ciphertext ‖ tag of the list padded
/// to a multiple of 256 bytes, bound to `binding` (AuditFieldSeal.swift).
static int seal_list(zb_ctx *c, char *out, size_t cap, const char *list, size_t len,
                     const unsigned char *binding, size_t blen) {
    unsigned char padded[4 * LIST_BUCKET], a[160], box[32 + NONCE + sizeof padded + TAG];
    size_t plen = (len + 1 + LIST_BUCKET - 1) / LIST_BUCKET * LIST_BUCKET;
    if (plen > sizeof padded || 20 + blen > sizeof a) return -1;
    memcpy(padded, list, len);
    padded[len] = 0x80;
    memset(padded + len + 1, 0, plen - len - 1);
    memcpy(a, "zzk.audit-fields.v1", 19);
    a[19] = 0;
    memcpy(a + 20, binding, blen);
    memcpy(box, c->writer_pk, 32);
    seal(box + 32, padded, plen, a, 20 + blen, c->writer_key);
    size_t total = 32 + NONCE + plen + TAG;
    if (cap < 9 + sodium_base64_ENCODED_LEN(total, sodium_base64_VARIANT_ORIGINAL)) return -1;
    memcpy(out, "sealed:1:", 9);
    sodium_bin2base64(out + 9, cap - 9, box, total, sodium_base64_VARIANT_ORIGINAL);
    return 0;
}

/// Lowercases a UTF-8 surname (ASCII and the Polish capitals) and, if `fold`, drops the Polish
/// diacritics as well (BlindIndex.swift). Returns the length written.
static size_t surname_key(unsigned char *out, size_t cap, const char *value, int fold) {
    static const struct { unsigned short upper, lower; char plain; } polish[] = {
        {0x104, 0x105, 'a'}, {0x106, 0x107, 'c'}, {0x118, 0x119, 'e'}, {0x141, 0x142, 'l'}, {0x143, 0x144, 'n'},
        {0xD3, 0xF3, 'o'}, {0x15A, 0x15B, 's'}, {0x179, 0x17A, 'z'}, {0x17B, 0x17C, 'z'},
    };
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)value; *p && n + 2 < cap;) {
        if (*p < 0x80) {
            out[n++] = (unsigned char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
            p++;
            continue;
        }
        unsigned code = (*p & 0x1F) << 6 | (p[1] & 0x3F);
        p += 2;
        for (size_t i = 0; i < sizeof polish / sizeof polish[0]; i++) {
            if (code == polish[i].upper || code == polish[i].lower) {
                if (fold) { out[n++] = (unsigned char)polish[i].plain; code = 0; }
                else code = polish[i].lower;
                break;
            }
        }
        if (code) { out[n++] = (unsigned char)(0xC0 | code >> 6); out[n++] = (unsigned char)(0x80 | (code & 0x3F)); }
    }
    return n;
}

/// Keyed BLAKE2b-256 over "zzk.blindindex.v1\0kind\0value".
static void blind_tag(unsigned char out[32], const unsigned char *key, const char *kind, const unsigned char *value, size_t len) {
    unsigned char message[512];
    size_t k = strlen(kind);
    memcpy(message, "zzk.blindindex.v1", 17);
    message[17] = 0;
    memcpy(message + 18, kind, k);
    message[18 + k] = 0;
    if (len > sizeof message - 19 - k) len = sizeof message - 19 - k;
    memcpy(message + 19 + k, value, len);
    crypto_generichash(out, 32, message, 19 + k + len, key, KEY);
}

/// A vault id: prefix, '-', 8 Crockford base32 symbols from 40 random bits.
static void random_id(char *out, size_t cap, const char *prefix) {
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char bytes[5];
    randombytes_buf(bytes, sizeof bytes);
    uint64_t bits = 0;
    for (int i = 0; i < 5; i++) bits = bits << 8 | bytes[i];
    char symbols[9];
    for (int i = 0; i < 8; i++) symbols[i] = alphabet[(bits >> (35 - 5 * i)) & 31];
    symbols[8] = 0;
    snprintf(out, cap, "%s-%s", prefix, symbols);
}

static void category_of(const char *field, char out[64]) {
    const char *dot = strchr(field, '.');
    size_t n = dot ? (size_t)(dot - field) : strlen(field);
    if (n > 63) n = 63;
    memcpy(out, field, n);
    out[n] = 0;
}

static int keyed_index(const zb_ctx *c, const char *category) {
    for (int k = 0; k < c->nkeyed; k++) if (strcmp(c->keyed[k], category) == 0) return k;
    return -1;
}

// MARK: - Audit log

static void node_hash(unsigned char out[32], const unsigned char *left, const unsigned char *right) {
    crypto_hash_sha256_state s;
    unsigned char prefix = 1;
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, &prefix, 1);
    crypto_hash_sha256_update(&s, left, 32);
    crypto_hash_sha256_update(&s, right, 32);
    crypto_hash_sha256_final(&s, out);
}

static void leaf_hash(unsigned char out[32], const char *data, size_t len) {
    crypto_hash_sha256_state s;
    unsigned char prefix = 0;
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, &prefix, 1);
    crypto_hash_sha256_update(&s, (const unsigned char *)data, len);
    crypto_hash_sha256_final(&s, out);
}

static void frontier_append(frontier *f, const unsigned char leaf[32]) {
    unsigned char node[32];
    memcpy(node, leaf, 32);
    for (uint64_t index = f->size; index & 1; index >>= 1) {
        node_hash(node, f->roots[--f->count], node);
    }
    memcpy(f->roots[f->count++], node, 32);
    f->size++;
}

static void frontier_root(const frontier *f, unsigned char out[32]) {
    if (f->count == 0) { crypto_hash_sha256(out, NULL, 0); return; }
    memcpy(out, f->roots[f->count - 1], 32);
    for (int i = f->count - 2; i >= 0; i--) node_hash(out, f->roots[i], out);
}

static int frontier_load(zb_ctx *c, frontier *f) {
    sqlite3_stmt *s = st(c, S_AUDIT_STATE);
    if (sqlite3_step(s) != SQLITE_ROW) return fail(c, "audit state");
    f->size = (uint64_t)sqlite3_column_int64(s, 0);
    int bytes = sqlite3_column_bytes(s, 1);
    f->count = bytes / 32;
    if (f->count > 64 || f->count != __builtin_popcountll(f->size)) return fail(c, "audit frontier");
    if (bytes) memcpy(f->roots, sqlite3_column_blob(s, 1), (size_t)bytes);
    return 0;
}

static int frontier_store(zb_ctx *c, const frontier *f) {
    sqlite3_stmt *s = st(c, S_AUDIT_STORE);
    sqlite3_bind_int64(s, 1, (int64_t)f->size);
    blob(s, 2, f->roots, f->count * 32);
    return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(c, "audit state update");
}

/// Appends a JSON string with the vault's minimal escaping.
static size_t quote(char *out, size_t cap, size_t len, const char *v) {
    if (!v) {
        if (len + 4 < cap) { memcpy(out + len, "null", 4); len += 4; }
        return len;
    }
    if (len < cap) out[len++] = '"';
    for (const unsigned char *p = (const unsigned char *)v; *p && len + 7 < cap; p++) {
        if (*p == '"' || *p == '\\') { out[len++] = '\\'; out[len++] = (char)*p; }
        else if (*p < 0x20) len += (size_t)snprintf(out + len, cap - len, "\\u%04x", *p);
        else out[len++] = (char)*p;
    }
    if (len < cap) out[len++] = '"';
    return len;
}

/// The canonical JSON of an entry (docs/audit-format.md). `fields` is the comma-joined list as stored.
static size_t canonical(char *out, size_t cap, int64_t seq, const char *time, const char *actor, const char *action,
                        const char *person, const char *fields, const char *purpose, const char *decision, const char *detail) {
    size_t len = (size_t)snprintf(out, cap, "{\"v\":1,\"seq\":%lld,\"time\":", (long long)seq);
    len = quote(out, cap, len, time);
    len += (size_t)snprintf(out + len, cap - len, ",\"actor\":");
    len = quote(out, cap, len, actor);
    len += (size_t)snprintf(out + len, cap - len, ",\"action\":");
    len = quote(out, cap, len, action);
    len += (size_t)snprintf(out + len, cap - len, ",\"person\":");
    len = quote(out, cap, len, person);
    len += (size_t)snprintf(out + len, cap - len, ",\"fields\":[");
    if (fields && *fields) {
        char one[2048];  // a sealed list is one element of about 450 characters
        const char *p = fields;
        int first = 1;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            if (n > sizeof one - 1) n = sizeof one - 1;
            memcpy(one, p, n);
            one[n] = 0;
            if (!first && len < cap) out[len++] = ',';
            len = quote(out, cap, len, one);
            first = 0;
            p += n + (comma ? 1 : 0);
            if (!comma) break;
        }
    }
    len += (size_t)snprintf(out + len, cap - len, "],\"purpose\":");
    len = quote(out, cap, len, purpose);
    len += (size_t)snprintf(out + len, cap - len, ",\"decision\":");
    len = quote(out, cap, len, decision);
    len += (size_t)snprintf(out + len, cap - len, ",\"detail\":");
    len = quote(out, cap, len, detail);
    if (len < cap) out[len++] = '}';
    return len;
}

/// Appends an entry; `fields` is the stored list (sealed), `person_key` the lean schema's row id.
static int audit_append(zb_ctx *c, frontier *f, const char *actor, const char *action, const char *person,
                        int64_t person_key, const char *fields, const char *purpose, const char *detail) {
    char time[32], json[4096];
    now_text(time);
    int64_t seq = (int64_t)f->size;
    size_t len = canonical(json, sizeof json, seq, time, actor, action, person, fields, purpose, "allowed", detail);
    unsigned char leaf[32];
    leaf_hash(leaf, json, len);
    sqlite3_stmt *s = st(c, S_AUDIT_INSERT);
    sqlite3_bind_int64(s, 1, seq);
    text(s, 2, time);
    text(s, 3, actor);
    text(s, 4, action);
    if (!person) sqlite3_bind_null(s, 5);
    else if (c->lean) sqlite3_bind_int64(s, 5, person_key);
    else text(s, 5, person);
    text(s, 6, fields);
    if (purpose) text(s, 7, purpose); else sqlite3_bind_null(s, 7);
    text(s, 8, "allowed");
    text(s, 9, detail);
    blob(s, 10, leaf, 32);
    if (sqlite3_step(s) != SQLITE_DONE) return fail(c, "audit insert");
    frontier_append(f, leaf);
    return 0;
}

static void key_id(const char *name, const unsigned char pk[32], unsigned char out[4]) {
    crypto_hash_sha256_state s;
    unsigned char sep[2] = {0x0A, 0x01}, digest[32];
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, (const unsigned char *)name, strlen(name));
    crypto_hash_sha256_update(&s, sep, 2);
    crypto_hash_sha256_update(&s, pk, 32);
    crypto_hash_sha256_final(&s, digest);
    memcpy(out, digest, 4);
}

static int checkpoint(zb_ctx *c, const frontier *f) {
    unsigned char root[32], blob68[68];
    char b64root[64], b64sig[128], body[256], note[512], time[32];
    frontier_root(f, root);
    sodium_bin2base64(b64root, sizeof b64root, root, 32, sodium_base64_VARIANT_ORIGINAL);
    int blen = snprintf(body, sizeof body, "%s\n%llu\n%s\n", c->origin, (unsigned long long)f->size, b64root);
    key_id(c->origin, c->sign_pk, blob68);
    crypto_sign_detached(blob68 + 4, NULL, (const unsigned char *)body, (unsigned long long)blen, c->sign_sk);
    sodium_bin2base64(b64sig, sizeof b64sig, blob68, 68, sodium_base64_VARIANT_ORIGINAL);
    snprintf(note, sizeof note, "%s\n\xE2\x80\x94 %s %s\n", body, c->origin, b64sig);
    now_text(time);
    sqlite3_stmt *s = st(c, S_CHECKPOINT_INSERT);
    sqlite3_bind_int64(s, 1, (int64_t)f->size);
    blob(s, 2, root, 32);
    text(s, 3, note);
    text(s, 4, time);
    return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(c, "checkpoint insert");
}

static int exec(zb_ctx *c, const char *sql) {
    char *message = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &message) != SQLITE_OK) {
        snprintf(c->error, sizeof c->error, "%s: %s", sql, message ? message : "?");
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

/// Ends the operation: stores the frontier, signs a checkpoint, commits (or rolls back).
static int finish(zb_ctx *c, const frontier *f, int status) {
    if (status == 0 && frontier_store(c, f) == 0 && checkpoint(c, f) == 0 && exec(c, "COMMIT") == 0) return 0;
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}


// MARK: - Opening

static zb_ctx *open_with(const char *path, int lean) {
    if (sodium_init() < 0) return NULL;
    zb_ctx *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->lean = lean;
    int flags = SQLITE_OPEN_READWRITE | (lean ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) { zb_close(c); return NULL; }
    sqlite3_busy_timeout(c->db, 30000);
    if (exec(c, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON") != 0
        || (lean && exec(c, LEAN_SCHEMA) != 0)) {
        fprintf(stderr, "zzk_baseline: %s\n", c->error);
        zb_close(c);
        return NULL;
    }
    const char *const *sql = lean ? LEAN_SQL : SQL;
    for (int i = 0; i < S_COUNT; i++) {
        if (!sql[i]) continue;
        if (sqlite3_prepare_v3(c->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->stmt[i], NULL) != SQLITE_OK) {
            fprintf(stderr, "zzk_baseline: %s: %s\n", sql[i], sqlite3_errmsg(c->db));
            zb_close(c);
            return NULL;
        }
    }
    c->vault_key = sodium_malloc(KEY);
    c->blind_key = sodium_malloc(KEY);
    c->seal_key = sodium_malloc(KEY);
    c->writer_key = sodium_malloc(KEY);
    c->box_sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
    c->sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    unsigned char *reader_sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
    if (!c->vault_key || !c->blind_key || !c->seal_key || !c->writer_key || !c->box_sk || !c->sign_sk || !reader_sk) {
        sodium_free(reader_sk);
        zb_close(c);
        return NULL;
    }
    randombytes_buf(c->vault_key, KEY);
    randombytes_buf(c->blind_key, KEY);
    randombytes_buf(c->seal_key, KEY);
    crypto_box_keypair(c->box_pk, c->box_sk);
    crypto_sign_keypair(c->sign_pk, c->sign_sk);
    crypto_box_keypair(c->reader_pk, reader_sk);  // only its public half is needed to seal lists
    sodium_free(reader_sk);
    c->epoch = 1;
    snprintf(c->origin, sizeof c->origin, "zzk.vault/V-BASELINE");
    return c;
}

zb_ctx *zb_open(const char *path) { return open_with(path, 0); }

zb_ctx *zb_open_lean(const char *path) { return open_with(path, 1); }

int zb_set_catalog(zb_ctx *c, const char *const *field_ids, int n) {
    if (n > MAX_CATALOG) { snprintf(c->error, sizeof c->error, "catalogue too large"); return -1; }
    c->ncatalog = 0;
    c->nkeyed = 0;
    for (int i = 0; i < n; i++) {
        char category[64];
        category_of(field_ids[i], category);
        if (strcmp(category, "team_notes") == 0) continue;  // per-team keys, not per person
        int k = keyed_index(c, category);
        if (k < 0) {
            if (c->nkeyed == MAX_CATEGORIES) { snprintf(c->error, sizeof c->error, "too many categories"); return -1; }
            k = c->nkeyed++;
            snprintf(c->keyed[k], 64, "%s", category);
        }
        snprintf(c->catalog[c->ncatalog], 64, "%s", field_ids[i]);
        c->catalog_category[c->ncatalog++] = k;
    }
    return 0;
}

void zb_close(zb_ctx *c) {
    if (!c) return;
    for (int i = 0; i < S_COUNT; i++) sqlite3_finalize(c->stmt[i]);
    sqlite3_close(c->db);
    sodium_free(c->vault_key);
    sodium_free(c->blind_key);
    sodium_free(c->seal_key);
    sodium_free(c->writer_key);
    sodium_free(c->box_sk);
    sodium_free(c->sign_sk);
    free(c);
}

const char *zb_error(const zb_ctx *c) { return c->error; }

// MARK: - Writing one person (W1/W2 subject, W3 import)

/// One data key per keyed category, wrapped by the vault key and stored (a key's presence says
/// nothing about what the person has). `keys` receives them in `c->keyed` order.
static int insert_keys(zb_ctx *c, const char *person, int64_t person_key, unsigned char *keys) {
    for (int k = 0; k < c->nkeyed; k++) {
        unsigned char a[256], wrapped[KEY + NONCE + TAG];
        randombytes_buf(keys + k * KEY, KEY);
        size_t alen = data_key_ad(a, person, c->keyed[k], 1, c->epoch);
        seal(wrapped, keys + k * KEY, KEY, a, alen, c->vault_key);
        sqlite3_stmt *s = st(c, S_INSERT_KEY);
        sqlite3_bind_int64(s, 1, person_key);
        if (c->lean) sqlite3_bind_int(s, 2, k); else text(s, 2, c->keyed[k]);
        blob(s, 3, wrapped, sizeof wrapped);
        if (sqlite3_step(s) != SQLITE_DONE) return fail(c, "data key insert");
    }
    return 0;
}

/// One field: padded, sealed under its category's key, stored at its locator with the
/// custodians' seal. `lkeys`/`have` cache the locator key of each category.
static int insert_field(zb_ctx *c, const char *person, int64_t person_key, const char *field, const char *value,
                        int64_t version, const unsigned char *key, const unsigned char lkey[32]) {
    size_t vlen = strlen(value);
    if (vlen > 4096) { snprintf(c->error, sizeof c->error, "value too long"); return -1; }
    unsigned char padded[4096 + 1024], sealed[sizeof padded + NONCE + TAG], a[256], tag[32];
    size_t plen = pad_value(padded, value, vlen);
    size_t alen = field_ad(a, person, field, version, 1);
    seal(sealed, padded, plen, a, alen, key);
    char locator[33];
    locator_of(locator, lkey, person, field);
    row_seal(tag, c->seal_key, person, locator, version, 1, sealed, plen + NONCE + TAG);
    sqlite3_stmt *s = st(c, S_INSERT_FIELD);
    sqlite3_bind_int64(s, 1, person_key);
    if (c->lean) {
        unsigned char raw[16];
        sodium_hex2bin(raw, sizeof raw, locator, 32, NULL, NULL, NULL);
        sqlite3_bind_blob(s, 2, raw, 16, SQLITE_TRANSIENT);
    } else {
        text(s, 2, locator);
    }
    sqlite3_bind_int64(s, 3, version);
    blob(s, 4, sealed, (int)(plen + NONCE + TAG));
    blob(s, 5, tag, 32);
    return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(c, "field insert");
}

static int insert_tag(zb_ctx *c, const char *person, int64_t person_key, const char *kind, int lean_kind,
                      const unsigned char tag[32]) {
    sqlite3_stmt *s = st(c, S_INSERT_INDEX);
    sqlite3_bind_int64(s, 1, person_key);
    if (c->lean) sqlite3_bind_int(s, 2, lean_kind); else text(s, 2, kind);
    blob(s, 3, tag, 32);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_CONSTRAINT && lean_kind == 1) {
        snprintf(c->error, sizeof c->error, "the vault already holds a person with this PESEL");
        return -1;
    }
    return rc == SQLITE_DONE ? 0 : fail(c, "blind index insert");
}

/// The blind indexes of a PESEL (with the duplicate check) or a surname (exact and folded).
static int index_value(zb_ctx *c, const char *person, int64_t person_key, const char *field, const char *value) {
    unsigned char tag[32], normal[512];
    if (strcmp(field, "identity.pesel") == 0) {
        blind_tag(tag, c->blind_key, "pesel", (const unsigned char *)value, strlen(value));
        if (!c->lean) {  // the lean schema's partial unique index refuses a duplicate instead
            sqlite3_stmt *s = st(c, S_PESEL_TAKEN);
            blob(s, 1, tag, 32);
            int rc = sqlite3_step(s);
            if (rc == SQLITE_ROW) { snprintf(c->error, sizeof c->error, "the vault already holds this PESEL"); return -1; }
            if (rc != SQLITE_DONE) return fail(c, "PESEL check");
        }
        return insert_tag(c, person, person_key, "pesel", 1, tag);
    }
    if (strcmp(field, "identity.last_name") != 0) return 0;
    size_t n = surname_key(normal, sizeof normal, value, 0);
    blind_tag(tag, c->blind_key, "surname", normal, n);
    if (insert_tag(c, person, person_key, "surname", 2, tag) != 0) return -1;
    n = surname_key(normal, sizeof normal, value, 1);
    blind_tag(tag, c->blind_key, "surname_folded", normal, n);
    return insert_tag(c, person, person_key, "surname_folded", 3, tag);
}

/// Inserts a person row; returns its internal key (both schemas key persons by an integer).
static int64_t insert_person(zb_ctx *c, const char *person, const char *creator, const char *time, int nfields) {
    sqlite3_stmt *s = st(c, S_INSERT_PERSON);
    text(s, 1, person); text(s, 2, time); text(s, 3, time); text(s, 4, creator); sqlite3_bind_int(s, 5, nfields);
    if (sqlite3_step(s) != SQLITE_DONE) return fail(c, "person insert");
    return sqlite3_last_insert_rowid(c->db);
}

/// A person row under a new random id, drawn again on a collision as the vault's RandomID does:
/// 40-bit ids repeat among 10^6 persons. Returns the internal key.
static int64_t insert_new_person(zb_ctx *c, char *person, size_t cap, const char *creator, const char *time,
                                 int nfields) {
    for (int attempt = 0; attempt < 16; attempt++) {
        random_id(person, cap, "P");
        sqlite3_stmt *s = st(c, S_INSERT_PERSON);
        text(s, 1, person); text(s, 2, time); text(s, 3, time); text(s, 4, creator); sqlite3_bind_int(s, 5, nfields);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) return sqlite3_last_insert_rowid(c->db);
        if (rc != SQLITE_CONSTRAINT) break;
    }
    return fail(c, "person insert");
}

// MARK: - W1/W2 subject

int zb_setup_subject(zb_ctx *c, const char *person, const char *creator, const char *team, const char *login,
                     const char *cooperant, const char *purpose, const char *const *field_ids, const char *const *values, int n) {
    char time[32], today[16], sql[1024], cooperants[128], purposes[128], catjson[MAX_CATEGORIES * 70] = "[";
    now_text(time);
    today_text(today);
    int used[MAX_CATEGORIES] = {0};
    unsigned char *keys = sodium_malloc(MAX_CATEGORIES * KEY), lkey[32];
    if (c->lean || !keys || exec(c, "BEGIN IMMEDIATE") != 0) { sodium_free(keys); return -1; }
    int64_t person_key = insert_person(c, person, creator, time, n);
    if (person_key < 0 || insert_keys(c, person, person_key, keys) != 0) goto bad;
    for (int i = 0; i < n && i < MAX_FIELDS; i++) {
        char category[64];
        category_of(field_ids[i], category);
        int k = keyed_index(c, category);
        if (k < 0) { snprintf(c->error, sizeof c->error, "%s is not in the catalogue", field_ids[i]); goto bad; }
        used[k] = 1;
        locator_key(lkey, keys + k * KEY);
        if (insert_field(c, person, person_key, field_ids[i], values[i], i + 1, keys + k * KEY, lkey) != 0) goto bad;
        if (index_value(c, person, person_key, field_ids[i], values[i]) != 0) goto bad;
    }
    snprintf(sql, sizeof sql, "INSERT INTO teams (id, person_id, purpose, opened_by, opened_at) VALUES ('%s', '%s', '%s', '%s', '%s');"
             "INSERT INTO team_members (team_id, login, until, added_by, added_at) VALUES ('%s', '%s', '2099-12-31', '%s', '%s')",
             team, person, purpose, creator, time, team, login, creator, time);
    if (exec(c, sql) != 0) goto bad;
    size_t len = 1;
    for (int k = 0; k < c->nkeyed; k++) {
        if (used[k]) len += (size_t)snprintf(catjson + len, sizeof catjson - len, "%s\"%s\"", len > 1 ? "," : "", c->keyed[k]);
    }
    snprintf(catjson + len, sizeof catjson - len, "]");
    snprintf(cooperants, sizeof cooperants, "[\"%s\"]", cooperant);
    snprintf(purposes, sizeof purposes, "[\"%s\"]", purpose);
    sqlite3_stmt *consent = NULL;
    if (sqlite3_prepare_v2(c->db, "INSERT INTO consents (id, person_id, given_by, details_sealed, cooperants, categories, purposes, explicit, form, "
                                  "text_version, text_sha256, valid_from, recorded_by, recorded_at) VALUES (?, ?, 'person', x'00', ?, ?, ?, 1, 'written', 'v1', '00', ?, ?, ?)",
                           -1, &consent, NULL) != SQLITE_OK) goto bad;
    char consent_id[64];
    snprintf(consent_id, sizeof consent_id, "C-%s", person);
    text(consent, 1, consent_id); text(consent, 2, person); text(consent, 3, cooperants); text(consent, 4, catjson);
    text(consent, 5, purposes); text(consent, 6, today); text(consent, 7, creator); text(consent, 8, time);
    int rc = sqlite3_step(consent);
    sqlite3_finalize(consent);
    if (rc != SQLITE_DONE) goto bad;
    for (int k = 0; k < c->nkeyed; k++) {
        if (!used[k]) continue;
        // The envelope holds the key and a 16-byte binding (GrantEnvelope.swift).
        unsigned char content[KEY + ENVELOPE_BINDING], envelope[sizeof content + crypto_box_SEALBYTES], a[256];
        const char *parts[] = {person, c->keyed[k], "1"};
        size_t alen = ad(a, sizeof a, "zzk.envelope.v2", parts, 3);
        memcpy(content, keys + k * KEY, KEY);
        crypto_generichash(content + KEY, ENVELOPE_BINDING, a, alen, keys + k * KEY, KEY);
        crypto_box_seal(envelope, content, sizeof content, c->box_pk);
        sodium_memzero(content, sizeof content);
        sqlite3_stmt *g = NULL;
        if (sqlite3_prepare_v2(c->db, "INSERT INTO grants (team_id, login, person_id, category, key_version, envelope, expires_on, created_at) "
                                      "VALUES (?, ?, ?, ?, 1, ?, '2099-12-31', ?)", -1, &g, NULL) != SQLITE_OK) goto bad;
        text(g, 1, team); text(g, 2, login); text(g, 3, person); text(g, 4, c->keyed[k]); blob(g, 5, envelope, sizeof envelope); text(g, 6, time);
        rc = sqlite3_step(g);
        sqlite3_finalize(g);
        if (rc != SQLITE_DONE) goto bad;
    }
    sodium_free(keys);
    return exec(c, "COMMIT");
bad:
    if (!c->error[0]) fail(c, "subject set-up");
    sodium_free(keys);
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

// MARK: - W1/W2 reads

/// Reads every field of `person` the reader holds a key for. A specialist opens the grant
/// envelopes sealed to them (checking each binding and that it is of the current key version),
/// a custodian unwraps every data key with the vault key and checks each row's seal. Rows are
/// found by their locators: every catalogue field's locator under each key opened, one pass
/// over the person's rows.
static int read_person(zb_ctx *c, const char *person, const char *login, const char *cooperant, const char *purpose, int specialist) {
    char today[16];
    today_text(today);
    frontier f;
    if (c->lean || exec(c, "BEGIN IMMEDIATE") != 0) return -1;
    int opened = 0, status = -1, held[MAX_CATEGORIES] = {0};
    unsigned char *keys = sodium_malloc(MAX_CATEGORIES * KEY);
    static char locators[MAX_CATALOG][33];
    int have_locator[MAX_CATALOG] = {0};
    char fields[MAX_FIELDS * 64] = "";
    size_t flen = 0;
    sqlite3_stmt *s = st(c, S_PERSON_EXISTS);
    text(s, 1, person);
    if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_int(s, 0) != 1) goto done;
    s = st(c, S_MEMBER);
    text(s, 1, login); text(s, 2, today); text(s, 3, person);
    if (sqlite3_step(s) != SQLITE_ROW || (specialist && sqlite3_column_int(s, 0) != 1)) goto done;
    if (specialist) {
        sqlite3_stmt *g = st(c, S_ENVELOPE);
        text(g, 1, login); text(g, 2, person); text(g, 3, today);
        while (sqlite3_step(g) == SQLITE_ROW) {
            const char *category = (const char *)sqlite3_column_text(g, 0);
            int k = keyed_index(c, category);
            if (k < 0) continue;
            int64_t version = sqlite3_column_int64(g, 1);
            s = st(c, S_KEY_VERSION);
            text(s, 1, person); text(s, 2, category);
            if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_int64(s, 0) != version) continue;
            unsigned char content[KEY + ENVELOPE_BINDING], binding[ENVELOPE_BINDING], a[256];
            if (sqlite3_column_bytes(g, 2) != (int)(sizeof content + crypto_box_SEALBYTES) ||
                crypto_box_seal_open(content, sqlite3_column_blob(g, 2), sizeof content + crypto_box_SEALBYTES, c->box_pk, c->box_sk) != 0)
                goto done;
            char kv[24];
            snprintf(kv, sizeof kv, "%lld", (long long)version);
            const char *parts[] = {person, category, kv};
            size_t alen = ad(a, sizeof a, "zzk.envelope.v2", parts, 3);
            crypto_generichash(binding, ENVELOPE_BINDING, a, alen, content, KEY);
            if (sodium_memcmp(binding, content + KEY, ENVELOPE_BINDING) != 0) goto done;
            memcpy(keys + k * KEY, content, KEY);
            sodium_memzero(content, sizeof content);
            held[k] = 1;
        }
    } else {
        for (int k = 0; k < c->nkeyed; k++) {
            s = st(c, S_DATA_KEY);
            text(s, 1, person); text(s, 2, c->keyed[k]);
            if (sqlite3_step(s) != SQLITE_ROW) continue;
            unsigned char a[256];
            size_t alen = data_key_ad(a, person, c->keyed[k], sqlite3_column_int64(s, 0), c->epoch);
            if (open_sealed(keys + k * KEY, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1), a, alen, c->vault_key) != 0) goto done;
            held[k] = 1;
        }
    }
    for (int k = 0; k < c->nkeyed; k++) {
        if (!held[k]) continue;
        // The consent behind the policy's consent fact, one query per category.
        s = st(c, S_CONSENT);
        text(s, 1, person); text(s, 2, today); text(s, 3, today); text(s, 4, cooperant); text(s, 5, c->keyed[k]); text(s, 6, purpose);
        sqlite3_step(s);
        unsigned char lkey[32];
        locator_key(lkey, keys + k * KEY);
        for (int i = 0; i < c->ncatalog; i++) {
            if (c->catalog_category[i] != k) continue;
            locator_of(locators[i], lkey, person, c->catalog[i]);
            have_locator[i] = 1;
        }
    }
    sqlite3_stmt *rows = st(c, S_FIELDS);
    text(rows, 1, person);
    while (sqlite3_step(rows) == SQLITE_ROW) {
        const char *locator = (const char *)sqlite3_column_text(rows, 0);
        int i = 0;
        while (i < c->ncatalog && !(have_locator[i] && strcmp(locators[i], locator) == 0)) i++;
        if (i == c->ncatalog) continue;  // a category this reader holds no key for
        int64_t version = sqlite3_column_int64(rows, 1), key_version = sqlite3_column_int64(rows, 2);
        const unsigned char *sealed = sqlite3_column_blob(rows, 3);
        size_t n = (size_t)sqlite3_column_bytes(rows, 3);
        if (!specialist) {
            unsigned char tag[32];
            row_seal(tag, c->seal_key, person, locator, version, key_version, sealed, n);
            if (sqlite3_column_bytes(rows, 5) != 32 || sodium_memcmp(tag, sqlite3_column_blob(rows, 5), 32) != 0) goto done;
        }
        unsigned char a[256], plain[4096 + 1024];
        size_t alen = field_ad(a, person, c->catalog[i], version, key_version);
        if (n > sizeof plain + NONCE + TAG ||
            open_sealed(plain, sealed, n, a, alen, keys + c->catalog_category[i] * KEY) != 0 ||
            unpad_value(plain, n - NONCE - TAG) < 0) goto done;
        sodium_memzero(plain, n - NONCE - TAG);
        flen += (size_t)snprintf(fields + flen, sizeof fields - flen, "%s%s", opened ? "," : "", c->catalog[i]);
        opened++;
    }
    if (frontier_load(c, &f) != 0 || writer_begin(c) != 0) goto done;
    char stored[2048], binding[96];
    int blen = snprintf(binding, sizeof binding, "%lld%c%s", (long long)f.size, 0, person);
    if (seal_list(c, stored, sizeof stored, fields, flen, (const unsigned char *)binding, (size_t)blen) != 0) goto done;
    if (audit_append(c, &f, login, "person.read", person, 0, stored, purpose, "policy=baseline rules=baseline") != 0) goto done;
    status = 0;
done:
    sodium_free(keys);
    if (finish(c, &f, status) != 0) return -1;
    return opened;
}

int zb_read_specialist(zb_ctx *c, const char *person, const char *login, const char *cooperant, const char *purpose) {
    return read_person(c, person, login, cooperant, purpose, 1);
}

int zb_read_custodian(zb_ctx *c, const char *person, const char *login, const char *cooperant, const char *purpose) {
    return read_person(c, person, login, cooperant, purpose, 0);
}

// MARK: - W3 import

static int by_name(const void *a, const void *b) {
    return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

long zb_import(zb_ctx *c, const char *creator, const char *leader, const char *purpose,
               const char *const *field_ids, int nfields, const char *const *values, long npersons) {
    if (nfields > MAX_FIELDS || c->nkeyed == 0) { snprintf(c->error, sizeof c->error, "no catalogue, or too many fields"); return -1; }
    // The audit entry lists field ids sorted; sort the column order once.
    const char *const *order[MAX_FIELDS];
    for (int j = 0; j < nfields; j++) order[j] = &field_ids[j];
    qsort(order, (size_t)nfields, sizeof order[0], by_name);
    int column[MAX_FIELDS], category[MAX_FIELDS];
    for (int j = 0; j < nfields; j++) column[j] = (int)(order[j] - field_ids);
    for (int j = 0; j < nfields; j++) {
        char name[64];
        category_of(field_ids[j], name);
        if ((category[j] = keyed_index(c, name)) < 0) {
            snprintf(c->error, sizeof c->error, "%s is not in the catalogue", field_ids[j]);
            return -1;
        }
    }

    char time[32], today[16], purposes[128];
    today_text(today);
    snprintf(purposes, sizeof purposes, "[\"%s\"]", purpose);
    frontier f;
    if (exec(c, "BEGIN IMMEDIATE") != 0) return -1;
    int status = -1;
    long done = 0;
    unsigned char *keys = sodium_malloc(MAX_CATEGORIES * KEY);
    unsigned char lkeys[MAX_CATEGORIES][32];
    if (frontier_load(c, &f) != 0 || writer_begin(c) != 0) goto end;
    for (long i = 0; i < npersons; i++) {
        char person[40], notice[48], detail[96], fields[MAX_FIELDS * 64], categories[MAX_CATEGORIES * 64];
        char stored_fields[2048], stored_categories[2048], binding[160];
        const char *const *row = values + i * nfields;
        now_text(time);
        int64_t person_key = insert_new_person(c, person, sizeof person, creator, time, nfields);
        if (person_key < 0 || insert_keys(c, person, person_key, keys) != 0) goto end;
        int used[MAX_CATEGORIES] = {0};
        size_t flen = 0;
        for (int o = 0; o < nfields; o++) {
            int j = column[o], k = category[j];
            const char *value = row[j];
            if (!*value) continue;
            if (!used[k]) { locator_key(lkeys[k], keys + k * KEY); used[k] = 1; }
            if (insert_field(c, person, person_key, field_ids[j], value, o + 1, keys + k * KEY, lkeys[k]) != 0) goto end;
            if (index_value(c, person, person_key, field_ids[j], value) != 0) goto end;
            flen += (size_t)snprintf(fields + flen, sizeof fields - flen, "%s%s", flen ? "," : "", field_ids[j]);
        }
        size_t clen = 0;
        for (int k = 0; k < c->nkeyed; k++) {
            if (used[k]) clen += (size_t)snprintf(categories + clen, sizeof categories - clen, "%s%s", clen ? "," : "", c->keyed[k]);
        }
        // The art. 13 notice, its category list sealed to the audit-reader key; its id drawn
        // again on a collision, as for persons.
        int rc = SQLITE_CONSTRAINT, blen = 0;
        for (int attempt = 0; attempt < 16 && rc == SQLITE_CONSTRAINT; attempt++) {
            random_id(notice, sizeof notice, "I");
            blen = snprintf(binding, sizeof binding, "notice%c%s%c%s", 0, notice, 0, person);
            if (seal_list(c, stored_categories, sizeof stored_categories, categories, clen,
                          (const unsigned char *)binding, (size_t)blen) != 0) goto end;
            sqlite3_stmt *s = st(c, S_INSERT_NOTICE);
            text(s, 1, notice);
            if (c->lean) sqlite3_bind_int64(s, 2, person_key); else text(s, 2, person);
            text(s, 3, leader); text(s, 4, stored_categories); text(s, 5, purposes);
            text(s, 6, today); text(s, 7, today); text(s, 8, time);
            rc = sqlite3_step(s);
        }
        if (rc != SQLITE_DONE) { fail(c, "notice insert"); goto end; }
        // The audit entry, its field list sealed likewise.
        blen = snprintf(binding, sizeof binding, "%lld%c%s", (long long)f.size, 0, person);
        if (seal_list(c, stored_fields, sizeof stored_fields, fields, flen, (const unsigned char *)binding, (size_t)blen) != 0) goto end;
        snprintf(detail, sizeof detail, "import=baseline.csv:%ld policy=baseline rules=baseline", i + 2);
        if (audit_append(c, &f, creator, "person.create", person, person_key, stored_fields, purpose, detail) != 0) goto end;
        done++;
    }
    status = 0;
end:
    sodium_free(keys);
    sodium_memzero(lkeys, sizeof lkeys);
    return finish(c, &f, status) == 0 ? done : -1;
}

// MARK: - W4 verify

typedef struct { int64_t size; unsigned char root[32]; char *note; } checkpoint_row;

static int note_valid(const char *note, const char *origin, const unsigned char *pk, int64_t size, const unsigned char root[32]) {
    const char *split = strstr(note, "\n\n");
    if (!split) return 0;
    size_t blen = (size_t)(split - note) + 1;
    // Body: origin, size, base64 root.
    char expected[256], b64root[64];
    sodium_bin2base64(b64root, sizeof b64root, root, 32, sodium_base64_VARIANT_ORIGINAL);
    int elen = snprintf(expected, sizeof expected, "%s\n%lld\n%s\n", origin, (long long)size, b64root);
    if ((size_t)elen != blen || memcmp(expected, note, blen) != 0) return 0;
    char prefix[128];
    int plen = snprintf(prefix, sizeof prefix, "\xE2\x80\x94 %s ", origin);
    unsigned char wanted[4];
    key_id(origin, pk, wanted);
    for (const char *line = split + 2; *line;) {
        const char *end = strchr(line, '\n');
        size_t llen = end ? (size_t)(end - line) : strlen(line);
        if (llen > (size_t)plen && strncmp(line, prefix, (size_t)plen) == 0) {
            unsigned char sig[80];
            size_t slen = 0;
            if (sodium_base642bin(sig, sizeof sig, line + plen, llen - (size_t)plen, NULL, &slen, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
                slen == 68 && memcmp(sig, wanted, 4) == 0 &&
                crypto_sign_verify_detached(sig + 4, (const unsigned char *)note, blen, pk) == 0) return 1;
        }
        if (!end) break;
        line = end + 1;
    }
    return 0;
}

long zb_verify_audit(zb_ctx *c, const char *origin, const uint8_t *pk, uint8_t *root_out) {
    sqlite3_stmt *cp = NULL, *rows = NULL;
    checkpoint_row *cps = NULL;
    size_t ncp = 0, cap = 0, next = 0;
    long result = -1;
    if (exec(c, "BEGIN") != 0) return -1;
    if (sqlite3_prepare_v2(c->db, "SELECT tree_size, root_hash, note FROM audit_checkpoints ORDER BY tree_size", -1, &cp, NULL) != SQLITE_OK) goto end;
    while (sqlite3_step(cp) == SQLITE_ROW) {
        if (ncp == cap) {
            cap = cap ? cap * 2 : 1024;
            checkpoint_row *grown = realloc(cps, cap * sizeof *cps);
            if (!grown) goto end;
            cps = grown;
        }
        cps[ncp].size = sqlite3_column_int64(cp, 0);
        if (sqlite3_column_bytes(cp, 1) != 32) goto end;
        memcpy(cps[ncp].root, sqlite3_column_blob(cp, 1), 32);
        cps[ncp].note = strdup((const char *)sqlite3_column_text(cp, 2));
        ncp++;
    }
    if (sqlite3_prepare_v2(c->db, "SELECT seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash FROM audit_entries ORDER BY seq",
                           -1, &rows, NULL) != SQLITE_OK) goto end;
    frontier f = {0};
    unsigned char root[32];
    char json[8192];
    int64_t expected = 0;
    while (next < ncp && cps[next].size == 0) next++;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(rows, 0);
        if (seq != expected) { snprintf(c->error, sizeof c->error, "entry %lld missing", (long long)expected); goto end; }
        size_t len = canonical(json, sizeof json, seq, (const char *)sqlite3_column_text(rows, 1), (const char *)sqlite3_column_text(rows, 2),
                               (const char *)sqlite3_column_text(rows, 3), (const char *)sqlite3_column_text(rows, 4),
                               (const char *)sqlite3_column_text(rows, 5), (const char *)sqlite3_column_text(rows, 6),
                               (const char *)sqlite3_column_text(rows, 7), (const char *)sqlite3_column_text(rows, 8));
        unsigned char leaf[32];
        leaf_hash(leaf, json, len);
        if (sqlite3_column_bytes(rows, 9) != 32 || memcmp(leaf, sqlite3_column_blob(rows, 9), 32) != 0) {
            snprintf(c->error, sizeof c->error, "entry %lld: leaf hash differs", (long long)seq);
            goto end;
        }
        frontier_append(&f, leaf);
        expected++;
        while (next < ncp && cps[next].size == expected) {
            frontier_root(&f, root);
            if (memcmp(root, cps[next].root, 32) != 0 || !note_valid(cps[next].note, origin, pk, expected, root)) {
                snprintf(c->error, sizeof c->error, "checkpoint at %lld does not verify", (long long)expected);
                goto end;
            }
            next++;
        }
    }
    if (next != ncp || (ncp && cps[ncp - 1].size != expected)) { snprintf(c->error, sizeof c->error, "checkpoints do not cover the log"); goto end; }
    frontier stored;
    if (frontier_load(c, &stored) != 0 || stored.size != f.size) goto end;
    unsigned char stored_root[32];
    frontier_root(&f, root);
    frontier_root(&stored, stored_root);
    if (memcmp(root, stored_root, 32) != 0) goto end;
    memcpy(root_out, root, 32);
    result = (long)expected;
end:
    sqlite3_finalize(cp);
    sqlite3_finalize(rows);
    for (size_t i = 0; i < ncp; i++) free(cps[i].note);
    free(cps);
    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    return result;
}

// MARK: - W5 rotation

static long rewrap_all(zb_ctx *c, const unsigned char *old_key, int64_t old_epoch, const unsigned char *new_key, int64_t new_epoch, int check) {
    sqlite3_stmt *rows = NULL, *update = NULL;
    long n = -1;
    unsigned char *key = sodium_malloc(KEY);
    if (sqlite3_prepare_v2(c->db, "SELECT p.id, k.category, k.key_version, k.sealed, k.person FROM data_keys k "
                           "JOIN persons p ON p.pk = k.person", -1, &rows, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "UPDATE data_keys SET sealed = ? WHERE person = ? AND category = ?", -1, &update, NULL)
            != SQLITE_OK) {
        fail(c, "rotation statements");
        goto end;
    }
    n = 0;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        const char *person = (const char *)sqlite3_column_text(rows, 0), *category = (const char *)sqlite3_column_text(rows, 1);
        int64_t version = sqlite3_column_int64(rows, 2);
        unsigned char a[256], wrapped[KEY + NONCE + TAG];
        size_t alen = data_key_ad(a, person, category, version, old_epoch);
        if (check) {
            if (sqlite3_column_bytes(rows, 3) != KEY + NONCE + TAG ||
                open_sealed(key, sqlite3_column_blob(rows, 3), KEY + NONCE + TAG, a, alen, old_key) != 0) {
                snprintf(c->error, sizeof c->error, "data key of %s does not open", person);
                n = -1;
                goto end;
            }
        } else {
            randombytes_buf(key, KEY);  // adoption: a fresh key of the baseline's own
        }
        alen = data_key_ad(a, person, category, version, new_epoch);
        seal(wrapped, key, KEY, a, alen, new_key);
        sqlite3_reset(update);
        blob(update, 1, wrapped, sizeof wrapped);
        sqlite3_bind_int64(update, 2, sqlite3_column_int64(rows, 4));
        text(update, 3, category);
        if (sqlite3_step(update) != SQLITE_DONE) { fail(c, "data key update"); n = -1; goto end; }
        n++;
    }
end:
    sodium_free(key);
    sqlite3_finalize(rows);
    sqlite3_finalize(update);
    return n;
}

/// Checks every field row's seal under `old` (unless `old` is NULL: adoption) and seals it
/// again under `new`, in rowid order, as a vault-key rotation does for the record-seals secret.
static long reseal_all(zb_ctx *c, const unsigned char *old, const unsigned char *new) {
    sqlite3_stmt *rows = NULL, *update = NULL;
    long n = -1;
    if (sqlite3_prepare_v2(c->db, "SELECT p.id, f.locator, f.version, f.key_version, f.sealed, f.seal, f.person "
                           "FROM person_fields f JOIN persons p ON p.pk = f.person",
                           -1, &rows, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "UPDATE person_fields SET seal = ? WHERE person = ? AND locator = ?", -1, &update, NULL)
            != SQLITE_OK) {
        fail(c, "reseal statements");
        goto end;
    }
    n = 0;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        const char *person = (const char *)sqlite3_column_text(rows, 0), *locator = (const char *)sqlite3_column_text(rows, 1);
        int64_t version = sqlite3_column_int64(rows, 2), key_version = sqlite3_column_int64(rows, 3);
        const unsigned char *sealed = sqlite3_column_blob(rows, 4);
        size_t slen = (size_t)sqlite3_column_bytes(rows, 4);
        unsigned char tag[32];
        if (old) {
            row_seal(tag, old, person, locator, version, key_version, sealed, slen);
            if (sqlite3_column_bytes(rows, 5) != 32 || sodium_memcmp(tag, sqlite3_column_blob(rows, 5), 32) != 0) {
                snprintf(c->error, sizeof c->error, "a field row of %s has a seal that does not match", person);
                n = -1;
                goto end;
            }
        }
        row_seal(tag, new, person, locator, version, key_version, sealed, slen);
        sqlite3_reset(update);
        blob(update, 1, tag, 32);
        sqlite3_bind_int64(update, 2, sqlite3_column_int64(rows, 6));
        text(update, 3, locator);
        if (sqlite3_step(update) != SQLITE_DONE) { fail(c, "seal update"); n = -1; goto end; }
        n++;
    }
end:
    sqlite3_finalize(rows);
    sqlite3_finalize(update);
    return n;
}

long zb_adopt_data_keys(zb_ctx *c) {
    if (exec(c, "BEGIN IMMEDIATE") != 0) return -1;
    long n = rewrap_all(c, NULL, 0, c->vault_key, c->epoch, 0);
    if (n >= 0 && reseal_all(c, NULL, c->seal_key) < 0) n = -1;
    if (n < 0 || exec(c, "COMMIT") != 0) { sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL); return -1; }
    return n;
}

long zb_rotate(zb_ctx *c) {
    unsigned char *next = sodium_malloc(KEY);
    randombytes_buf(next, KEY);
    frontier f;
    if (exec(c, "BEGIN IMMEDIATE") != 0) { sodium_free(next); return -1; }
    long n = frontier_load(c, &f) == 0 ? rewrap_all(c, c->vault_key, c->epoch, next, c->epoch + 1, 1) : -1;
    // A new record-seals secret: every field row checked under the old one and sealed again.
    unsigned char *seal_key = sodium_malloc(KEY);
    randombytes_buf(seal_key, KEY);
    if (n >= 0 && reseal_all(c, c->seal_key, seal_key) < 0) n = -1;
    if (n >= 0) memcpy(c->seal_key, seal_key, KEY);
    sodium_free(seal_key);
    int status = -1;
    if (n >= 0) {
        char epoch[24], detail[96];
        snprintf(epoch, sizeof epoch, "%lld", (long long)(c->epoch + 1));
        sqlite3_stmt *meta = NULL;
        if (sqlite3_prepare_v2(c->db, "UPDATE vault_meta SET value = ? WHERE key = 'vault_key_epoch'", -1, &meta, NULL) == SQLITE_OK) {
            text(meta, 1, epoch);
            status = sqlite3_step(meta) == SQLITE_DONE ? 0 : -1;
        }
        sqlite3_finalize(meta);
        snprintf(detail, sizeof detail, "epoch=%s data_keys=%ld", epoch, n);
        if (status == 0) status = audit_append(c, &f, "admin", "keys.rotate", NULL, 0, "", NULL, detail);
    }
    if (finish(c, &f, status) != 0) { sodium_free(next); return -1; }
    memcpy(c->vault_key, next, KEY);
    c->epoch++;
    sodium_free(next);
    return n;
}
