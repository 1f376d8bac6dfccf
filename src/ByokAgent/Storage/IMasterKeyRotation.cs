namespace ByokAgent.Storage;

/// <summary>Replaces the master key: every project's data key is wrapped again by a new random key.</summary>
/// <remarks>
/// Secrets themselves are not re-encrypted (they stay under their project's data key), so rotation is quick and atomic.
/// Run it while no other process uses the same store: another process keeps the old key until it restarts.
/// </remarks>
public interface IMasterKeyRotation
{
    /// <summary>
    /// Wraps every data key with a new master key in one transaction, replaces the stored key check, and persists the
    /// new key: the key file is rewritten (mode 0600); a key that came from <c>BYOK_MASTER_KEY</c> is returned instead,
    /// for the operator to set before the next start.
    /// </summary>
    Task<MasterKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default);
}
