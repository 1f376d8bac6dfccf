using ByokAgent.Testing.Responses;

namespace ByokAgent.Testing.Accounts;

/// <summary>Account answers to script through <see cref="FakeProvider.Intercept"/> when the happy path is not wanted.</summary>
public static class AccountReplies
{
    /// <summary>DeepSeek <c>GET /user/balance</c> with this availability (<see langword="false"/>: the balance is used up).</summary>
    public static FakeReply DeepSeekBalance(bool isAvailable) =>
        FakeReply.Error(StatusCodes.Status200OK, WireJson.Serialize(AccountBodies.DeepSeekBalance(isAvailable)));

    /// <summary>OpenRouter <c>GET /api/v1/key</c> with this much of the key's credit limit left (<see langword="null"/>: no limit).</summary>
    public static FakeReply OpenRouterKey(double? limitRemaining) =>
        FakeReply.Error(StatusCodes.Status200OK, WireJson.Serialize(AccountBodies.OpenRouterKey(limitRemaining)));
}
