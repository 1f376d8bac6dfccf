namespace ByokAgent.Storage;

/// <summary>When a SQLite commit waits for the disk (SQLite's <c>synchronous</c> setting; the database runs in WAL mode).</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>synchronous=NORMAL</c> (default): a commit is written to the WAL file but not flushed to disk; the WAL is
    /// flushed at each checkpoint. A crash of the process (even <c>kill -9</c>) loses nothing that was committed, and the
    /// file never corrupts; a power loss or an OS crash can roll back the last commits before the latest checkpoint.
    /// This is what lets one machine store thousands of turns a second: a flush costs ~0.5 ms a commit on this class of disk.
    /// </summary>
    Normal,

    /// <summary><c>synchronous=FULL</c>: every commit waits until the disk has it, so it survives a power loss too.</summary>
    Full,
}
