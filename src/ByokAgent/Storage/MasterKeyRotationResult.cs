namespace ByokAgent.Storage;

/// <summary>What a master key rotation did.</summary>
/// <param name="ProjectCount">How many project data keys were wrapped again.</param>
/// <param name="KeyFilePath">The key file that now holds the new key, or <see langword="null"/> when the key came from <c>BYOK_MASTER_KEY</c>.</param>
/// <param name="NewEnvironmentKey">
/// The new key as base64 when the old one came from <c>BYOK_MASTER_KEY</c>: shown once, to be set as the variable's new
/// value before the next start; <see langword="null"/> when a key file was rewritten.
/// </param>
/// <remarks><see cref="ToString"/> leaves the key out.</remarks>
public sealed record MasterKeyRotationResult(int ProjectCount, string? KeyFilePath, string? NewEnvironmentKey)
{
    public override string ToString() =>
        $"MasterKeyRotationResult {{ ProjectCount = {ProjectCount}, KeyFilePath = {KeyFilePath ?? "(none)"}, NewEnvironmentKey = {(NewEnvironmentKey is null ? "(none)" : "[shown once]")} }}";
}
