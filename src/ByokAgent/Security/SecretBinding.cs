namespace ByokAgent.Security;

/// <summary>What an encrypted secret belongs to; used as AES-GCM associated data, so a ciphertext copied elsewhere fails to decrypt.</summary>
/// <param name="ProjectId">The owning project.</param>
/// <param name="ConfigId">The model config holding the secret.</param>
/// <param name="Field">The field (<c>api_key</c>, <c>secret_access_key</c>, ...).</param>
public readonly record struct SecretBinding(string ProjectId, string ConfigId, string Field);
