using System.Buffers.Binary;
using System.Text;

namespace ByokAgent.Security;

/// <summary>The AES-GCM associated data that binds each ciphertext to what it belongs to.</summary>
/// <remarks>
/// Every part is length-prefixed, so no two different bindings encode alike ("a|b" + "c" never equals "a" + "b|c"),
/// and a purpose label comes first, so a wrapped data key can never be taken for a secret or a key check. The encoding
/// is stored implicitly in every ciphertext: changing it makes existing secrets unreadable.
/// </remarks>
internal static class SecretAssociatedData
{
    private const string DataKeyPurpose = "byok/data-key/v1";
    private const string SecretPurpose = "byok/secret/v1";
    private const string KeyCheckPurpose = "byok/key-check/v1";

    /// <summary>For a project's data key wrapped by the master key.</summary>
    public static byte[] ForDataKey(string projectId) => Encode(DataKeyPurpose, projectId);

    /// <summary>For a secret encrypted with its project's data key.</summary>
    public static byte[] ForSecret(SecretBinding binding) =>
        Encode(SecretPurpose, binding.ProjectId, binding.ConfigId, binding.Field);

    /// <summary>For the key check a store keeps to recognise its master key.</summary>
    public static byte[] ForKeyCheck() => Encode(KeyCheckPurpose);

    private static byte[] Encode(params ReadOnlySpan<string> parts)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var part in parts)
        {
            ArgumentNullException.ThrowIfNull(part);
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
