using ByokAgent.Security;

namespace ByokAgent.Storage;

/// <summary>
/// The rotation protocol every backend shares; a backend supplies only how it re-wraps its data keys in one transaction.
/// </summary>
/// <remarks>
/// Order matters, so that no step can leave secrets under a key nobody holds: the new key file (when the key is not
/// from <c>BYOK_MASTER_KEY</c>) is staged at 0600 before the transaction; the backend switches this process to the new
/// key while its transaction still holds its locks (so a writer queued behind it wraps with the new key); and the
/// staged file replaces the old one only after the commit. If that last rename fails, the message names the staged
/// file that holds the new key.
/// </remarks>
internal abstract class MasterKeyRotation : IMasterKeyRotation
{
    protected MasterKeyRotation(ISecretProtector protector, MasterKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(keys);
        Protector = protector;
        Keys = keys;
    }

    protected ISecretProtector Protector { get; }

    protected MasterKeyRing Keys { get; }

    public async Task<MasterKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default)
    {
        // Initialization proves the current key is this database's before anything is wrapped again with it.
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var source = Keys.Source;
        var oldKey = Keys.Current;
        var newKey = MasterKey.Generate();
        var staged = source.FromEnvironment ? null : MasterKeyFile.WriteStaged(source.FilePath, newKey);
        int projectCount;
        try
        {
            projectCount = await RewrapAllAsync(oldKey, newKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (staged is not null)
            {
                File.Delete(staged);
            }

            throw;
        }

        if (staged is null)
        {
            return new MasterKeyRotationResult(projectCount, KeyFilePath: null, NewEnvironmentKey: newKey.ToBase64());
        }

        try
        {
            MasterKeyFile.Commit(staged, source.FilePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new MasterKeyException(
                $"The secrets now use a new master key, but {source.FilePath} could not be replaced ({exception.Message}). The new key is in {staged}: move it to {source.FilePath} before the next start.",
                exception);
        }

        return new MasterKeyRotationResult(projectCount, source.FilePath, NewEnvironmentKey: null);
    }

    /// <summary>Opens the store (migrations and the key check), so the current key is proven before it is used.</summary>
    protected abstract Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: wraps every project's data key with <paramref name="newKey"/>, replaces the key check, calls
    /// <see cref="MasterKeyRing.Replace"/> with the new key before committing (and with <paramref name="oldKey"/> again
    /// if the commit fails); returns how many data keys were wrapped again.
    /// </summary>
    protected abstract Task<int> RewrapAllAsync(MasterKey oldKey, MasterKey newKey, CancellationToken cancellationToken);
}
