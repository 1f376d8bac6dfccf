using System.Text.Json.Nodes;

namespace ByokAgent.Testing.Accounts;

/// <summary>Bodies of the account endpoints, in the recorded shapes of <c>shared/fixtures/providers</c>.</summary>
internal static class AccountBodies
{
    /// <summary>DeepSeek <c>GET /user/balance</c>: amounts are strings; <paramref name="isAvailable"/> false means no balance.</summary>
    public static JsonObject DeepSeekBalance(bool isAvailable = true) => new()
    {
        ["is_available"] = isAvailable,
        ["balance_infos"] = new JsonArray(new JsonObject
        {
            ["currency"] = "CNY",
            ["total_balance"] = isAvailable ? "110.00" : "0.00",
            ["granted_balance"] = isAvailable ? "10.00" : "0.00",
            ["topped_up_balance"] = isAvailable ? "100.00" : "0.00",
        }),
    };

    /// <summary>OpenRouter <c>GET /api/v1/key</c>: by default a paid key with 74.5 of its 100 credit limit left.</summary>
    /// <param name="limitRemaining">What is left of the key's credit limit; <see langword="null"/> with no limit at all.</param>
    public static JsonObject OpenRouterKey(double? limitRemaining = 74.5) => new()
    {
        ["data"] = new JsonObject
        {
            ["label"] = "sk-or-v1-au7...890",
            ["limit"] = limitRemaining is null ? null : 100,
            ["usage"] = limitRemaining is { } left ? 100 - left : 25.5,
            ["usage_daily"] = 0.5,
            ["usage_weekly"] = 3.2,
            ["usage_monthly"] = 25.5,
            ["limit_remaining"] = limitRemaining,
            ["limit_reset"] = "monthly",
            ["include_byok_in_limit"] = false,
            ["is_free_tier"] = false,
            ["is_provisioning_key"] = false,
            ["rate_limit"] = new JsonObject { ["requests"] = -1, ["interval"] = "10s" },
        },
    };
}
