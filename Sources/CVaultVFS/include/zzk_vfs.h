#ifndef ZZK_VFS_H
#define ZZK_VFS_H

/* The vault's SQLite VFS ("zzk-unix"): SQLite's own "unix" VFS, except for how it opens a
   database's write-ahead log.

   SQLite's unix VFS opens the WAL with O_CREAT every time, and so syncs the folder on the first
   sync of the WAL in every process, even when the WAL file has existed for months: one fdatasync
   of the folder per command, on top of the commit's own (issue 19: at most one fsync for a
   command that reads and audits). This VFS opens a WAL that already exists without
   SQLITE_OPEN_CREATE, so SQLite does not mark it for a folder sync, and syncs the folder itself
   when that WAL holds no header yet (nothing was ever committed into it, so its creator may not
   have synced the folder); a WAL that does not exist yet is created as before and the folder is
   synced at once, before SQLite writes anything into it. A WAL's directory entry is therefore
   durable before any commit in it (docs/performance.md, "Second round"). Folder syncs are best
   effort, as SQLite's own are: a folder that cannot be synced does not fail the open.

   zzk_vfs_register() registers the VFS as the process's default, once (thread-safe); it returns
   SQLITE_OK or SQLite's error code. */
int zzk_vfs_register(void);

#endif
