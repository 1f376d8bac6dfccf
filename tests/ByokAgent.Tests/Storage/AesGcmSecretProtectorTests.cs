using ByokAgent.Security;

namespace ByokAgent.Tests.Storage;

public sealed class AesGcmSecretProtectorTests
{
    private const string ProjectId = "prj_a";
    private static readonly SecretBinding Binding = new(ProjectId, "mc_1", "api_key");

    private readonly MasterKey _masterKey = MasterKey.Generate();
    private readonly AesGcmSecretProtector _protector;
    private readonly string _dataKey;

    public AesGcmSecretProtectorTests()
    {
        _protector = Protector(_masterKey);
        _dataKey = _protector.CreateWrappedDataKey(ProjectId);
    }

    [Theory]
    [InlineData("sk-proj-abc123")]
    [InlineData("")]
    [InlineData("ключ-🔑-clé")]
    public void Protect_ThenUnprotect_GivesThePlaintextBack(string plaintext)
    {
        var ciphertext = _protector.Protect(_dataKey, Binding, plaintext);

        _protector.Unprotect(_dataKey, Binding, ciphertext).Should().Be(plaintext);
    }

    [Fact]
    public void Protect_IsV1Base64OfNonceCiphertextAndTag_WithAFreshNonceEachTime()
    {
        const string Plaintext = "sk-proj-abc123";

        var first = _protector.Protect(_dataKey, Binding, Plaintext);
        var second = _protector.Protect(_dataKey, Binding, Plaintext);

        first.Should().StartWith("v1:");
        Convert.FromBase64String(first[3..]).Should().HaveCount(12 + Plaintext.Length + 16);
        second.Should().NotBe(first);
        first[3..15].Should().NotBe(second[3..15], "each ciphertext has its own random nonce");
    }

    [Fact]
    public void WrappedDataKey_IsV1_Of32ByteKey()
    {
        _dataKey.Should().StartWith("v1:");
        Convert.FromBase64String(_dataKey[3..]).Should().HaveCount(12 + 32 + 16);
        _protector.CreateWrappedDataKey(ProjectId).Should().NotBe(_dataKey);
    }

    [Theory]
    [InlineData("prj_b", "mc_1", "api_key")]
    [InlineData("prj_a", "mc_2", "api_key")]
    [InlineData("prj_a", "mc_1", "secret_access_key")]
    [InlineData("prj_a", "mc_", "1api_key")]
    public void Unprotect_UnderAnotherBinding_Fails(string projectId, string configId, string field)
    {
        var ciphertext = _protector.Protect(_dataKey, Binding, "sk-proj-abc123");

        var act = () => _protector.Unprotect(_dataKey, new SecretBinding(projectId, configId, field), ciphertext);

        act.Should().Throw<SecretDecryptionException>();
    }

    [Fact]
    public void Unprotect_AlteredCiphertext_Fails()
    {
        var ciphertext = _protector.Protect(_dataKey, Binding, "sk-proj-abc123");
        var bytes = Convert.FromBase64String(ciphertext[3..]);
        bytes[14] ^= 0x01;

        var act = () => _protector.Unprotect(_dataKey, Binding, "v1:" + Convert.ToBase64String(bytes));

        act.Should().Throw<SecretDecryptionException>().Which.Message.Should().NotContain("sk-proj");
    }

    [Theory]
    [InlineData("sk-proj-abc123")]
    [InlineData("v2:AAAA")]
    [InlineData("v1:not-base64!")]
    [InlineData("v1:AAAA")]
    public void Unprotect_MalformedCiphertext_Fails(string ciphertext)
    {
        var act = () => _protector.Unprotect(_dataKey, Binding, ciphertext);

        act.Should().Throw<SecretDecryptionException>();
    }

    [Fact]
    public void Unprotect_WithAnotherMasterKey_Fails()
    {
        var ciphertext = _protector.Protect(_dataKey, Binding, "sk-proj-abc123");

        var act = () => Protector(MasterKey.Generate()).Unprotect(_dataKey, Binding, ciphertext);

        act.Should().Throw<SecretDecryptionException>();
    }

    [Fact]
    public void DataKey_IsBoundToItsProject()
    {
        var act = () => _protector.Protect(_dataKey, Binding with { ProjectId = "prj_b" }, "sk-proj-abc123");

        act.Should().Throw<SecretDecryptionException>();
    }

    [Fact]
    public void KeyCheck_VerifiesOnlyWithTheKeyItWasMadeWith()
    {
        var keyCheck = _protector.CreateKeyCheck();

        _protector.VerifyKeyCheck(keyCheck);
        FluentActions.Invoking(() => Protector(MasterKey.Generate()).VerifyKeyCheck(keyCheck)).Should().Throw<SecretDecryptionException>();
        FluentActions.Invoking(() => _protector.VerifyKeyCheck(_dataKey)).Should().Throw<SecretDecryptionException>("a data key is not a key check");
    }

    [Fact]
    public void RewrapDataKey_SecretsOpenWithTheNewMasterKey_AndNotTheOld()
    {
        var ciphertext = _protector.Protect(_dataKey, Binding, "sk-proj-abc123");
        var newMasterKey = MasterKey.Generate();

        var rewrapped = _protector.RewrapDataKey(ProjectId, _dataKey, newMasterKey);

        Protector(newMasterKey).Unprotect(rewrapped, Binding, ciphertext).Should().Be("sk-proj-abc123");
        FluentActions.Invoking(() => _protector.Unprotect(rewrapped, Binding, ciphertext)).Should().Throw<SecretDecryptionException>();
        Protector(newMasterKey).VerifyKeyCheck(_protector.CreateKeyCheck(newMasterKey));
    }

    [Fact]
    public void KeyRing_AfterReplace_StillOpensDataKeysWrappedByThePreviousKey()
    {
        var ring = new MasterKeyRing(_masterKey, new MasterKeySource(FromEnvironment: true, "/unused/master.key"));
        var protector = new AesGcmSecretProtector(ring);
        var ciphertext = protector.Protect(_dataKey, Binding, "sk-proj-abc123");
        var newMasterKey = MasterKey.Generate();
        var rewrapped = protector.RewrapDataKey(ProjectId, _dataKey, newMasterKey);

        ring.Replace(newMasterKey);

        protector.Unprotect(rewrapped, Binding, ciphertext).Should().Be("sk-proj-abc123");
        protector.Unprotect(_dataKey, Binding, ciphertext).Should().Be("sk-proj-abc123", "a reader may hold a data key loaded just before the rotation");
        Convert.FromBase64String(protector.CreateWrappedDataKey(ProjectId)[3..]).Should().HaveCount(60);
        FluentActions.Invoking(() => Protector(_masterKey).Unprotect(protector.CreateWrappedDataKey(ProjectId), Binding, ciphertext))
            .Should().Throw<SecretDecryptionException>("new data keys are wrapped with the new master key");
    }

    private static AesGcmSecretProtector Protector(MasterKey key) =>
        new(new MasterKeyRing(key, new MasterKeySource(FromEnvironment: true, "/unused/master.key")));
}
