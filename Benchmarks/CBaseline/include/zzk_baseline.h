// zzk_baseline: the bare C work behind each vault workload, for side-by-side benchmarks.
//
// Same SQLite (the system libsqlite3 GRDB links), same libsodium, same schema (it runs on a
// copy of a vault database made by the Swift code), same pragmas (WAL, synchronous=FULL,
// foreign keys, secure_delete), same cryptography and formats (XChaCha20-Poly1305 with the
// vault's associated data, sealed boxes, keyed BLAKE2b blind indexes, RFC 6962 leaf and node
// hashes over the canonical audit JSON, Ed25519-signed C2SP checkpoints; padded format-2
// values, keyed locators, the custodians' row seals, bound grant envelopes, field and category
// lists sealed to an audit-reader key). What it leaves out
// is everything in between: no policy evaluation, no ORM, no validation, prepared statements
// compiled once. Keys are its own (random), so it works on rows it writes itself.
#ifndef ZZK_BASELINE_H
#define ZZK_BASELINE_H

#include <stdint.h>
#include <stddef.h>

typedef struct zb_ctx zb_ctx;

/// Opens `path` with the vault's pragmas and fresh random keys. Returns NULL on error.
zb_ctx *zb_open(const char *path);
/// Creates `path` with the lean schema (integer internal keys, public ids as unique columns,
/// PESEL uniqueness as a partial unique index) and opens it like `zb_open`. Only `zb_import`
/// runs on it.
zb_ctx *zb_open_lean(const char *path);
/// The field catalogue (every field id, "<category>.<name>", in catalogue order): which
/// categories every person holds a data key for, and which locators a reader computes.
int zb_set_catalog(zb_ctx *ctx, const char *const *field_ids, int n);
void zb_close(zb_ctx *ctx);
/// The last SQLite or libsodium error, for the bench's report.
const char *zb_error(const zb_ctx *ctx);

/// Inserts a reading subject: person `person_id` (created by `creator`), `nfields` fields
/// (`field_ids[i]` = `values[i]`, each id "<category>.<name>"), one data key per category,
/// an open team `team_id` with `login` as member, a consent naming `cooperant`, and one grant
/// envelope per category sealed to the baseline's own X25519 key. Returns 0 on success.
int zb_setup_subject(zb_ctx *ctx, const char *person_id, const char *creator, const char *team_id, const char *login,
                     const char *cooperant, const char *purpose, const char *const *field_ids, const char *const *values, int nfields);

/// W1: a specialist reads every field of `person_id` through grant envelopes; one durable
/// audit entry and a signed checkpoint; commit. Returns the number of fields opened, or -1.
int zb_read_specialist(zb_ctx *ctx, const char *person_id, const char *login, const char *cooperant, const char *purpose);

/// W2: a custodian reads every field of `person_id` with the vault key. Returns fields opened, or -1.
int zb_read_custodian(zb_ctx *ctx, const char *person_id, const char *login, const char *cooperant, const char *purpose);

/// W3: imports `npersons` persons in one transaction; person i gets a random id of the
/// vault's form (P-XXXXXXXX, Crockford base32) and `nfields` fields with ids `field_ids` and
/// values `values[i * nfields + j]` (empty = absent). Data keys, sealed
/// fields, blind indexes for identity.last_name / identity.pesel, an art. 13 notice row and
/// one audit entry per person, one signed checkpoint. Returns persons imported, or -1.
long zb_import(zb_ctx *ctx, const char *creator, const char *leader, const char *purpose,
               const char *const *field_ids, int nfields, const char *const *values, long npersons);

/// W4: verifies the audit log: entry numbering, every leaf hash recomputed from the row, the
/// Merkle root at every checkpoint, every checkpoint signature under `public_key` and
/// `origin`, and the stored tree state. Writes the root to `root_out` (32 bytes). Returns the
/// number of entries verified, or -1 on any mismatch.
long zb_verify_audit(zb_ctx *ctx, const char *origin, const uint8_t *public_key, uint8_t *root_out);

/// Re-wraps every data_keys row under the baseline's own vault key and seals every field row
/// under its own record-seals key (untimed set-up for W5, whose rows the Swift vault wrote).
/// Returns data keys re-wrapped, or -1.
long zb_adopt_data_keys(zb_ctx *ctx);

/// W5: rotates the vault key: unwraps every data key with the current vault key, wraps it
/// with a new one, updates the row; checks every field row's seal and seals it under a new
/// record-seals key, as the vault's rotation does; one audit entry, commit. Returns data keys
/// rotated, or -1.
long zb_rotate(zb_ctx *ctx);

#endif
