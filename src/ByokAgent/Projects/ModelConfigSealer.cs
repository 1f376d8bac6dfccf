using ByokAgent.Security;

namespace ByokAgent.Projects;

/// <summary>Seals and opens the secrets of one model config, each bound to its project, config and field.</summary>
internal readonly record struct ModelConfigSealer(ISecretProtector Protector, string WrappedDataKey, string ProjectId, string ConfigId)
{
    public string Seal(string field, string plaintext) => Protector.Protect(WrappedDataKey, new SecretBinding(ProjectId, ConfigId, field), plaintext);

    public string Open(string field, string ciphertext) => Protector.Unprotect(WrappedDataKey, new SecretBinding(ProjectId, ConfigId, field), ciphertext);
}
