namespace ByokAgent.Providers.Errors;

/// <summary>
/// The one place that decides what kind of failure an error answer is, for every provider: used by validation and by
/// agent turns alike.
/// </summary>
/// <remarks>
/// Rules and their order follow shared/wire.md §1: quota markers first (several providers send quota errors as 429 or
/// 400), then key, then model, then rate limits; everything else is a provider error. No HTTP answer at all is
/// <see cref="ProviderFailure.Unreachable"/>, decided before this class is asked.
/// </remarks>
internal static class ProviderFailureClassifier
{
    private static readonly string[] QuotaCodes =
    [
        "insufficient_quota", "insufficient_user_quota", "billing_error", "Arrearage",
        "AllocationQuota.FreeTierOnly", "Throttling.AllocationQuota", "ServiceQuotaExceededException",
        "openrouter_free_tier_daily",
    ];

    private static readonly string[] KeyCodes =
    [
        "invalid_api_key", "authentication_error", "permission_error", "API_KEY_INVALID", "auth_error",
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
        "MissingAuthenticationTokenException", "InvalidClientTokenId", "ExpiredTokenException",
    ];

    private static readonly string[] ModelCodes = ["model_not_found", "DeploymentNotFound", "NotFoundError"];

    private static readonly string[] RateCodes =
    [
        "rate_limit_exceeded", "rate_limit_error", "limit_requests", "Throttling.RateQuota", "Throttling",
        "ThrottlingException", "RESOURCE_EXHAUSTED", "ModelNotReadyException",
    ];

    public static ProviderFailure Classify(ProviderErrorAnswer answer, ProviderErrorFields fields)
    {
        var text = string.Join(' ', fields.Message, answer.Header("x-amzn-ErrorType"));
        var codes = new HashSet<string>(fields.Codes, StringComparer.OrdinalIgnoreCase);
        if (AmazonErrorType(answer, fields.Message) is { } amazonType)
        {
            codes.Add(amazonType);
        }

        if (IsQuota(answer, fields, codes, text))
        {
            return ProviderFailure.QuotaExceeded;
        }

        if (IsInvalidKey(answer, codes, text))
        {
            return ProviderFailure.InvalidKey;
        }

        if (IsInvalidModel(answer, codes, text))
        {
            return ProviderFailure.InvalidModel;
        }

        return IsRateLimited(answer, codes) ? ProviderFailure.RateLimited : ProviderFailure.ProviderError;
    }

    private static bool IsQuota(ProviderErrorAnswer answer, ProviderErrorFields fields, HashSet<string> codes, string text) =>
        answer.Status == 402
        || QuotaCodes.Any(codes.Contains)
        || Has(text, "credit balance is too low")
        || Has(text, "prepayment credits are depleted")
        || Has(text, "insufficient balance") && answer.Vendor != ProviderVendor.ZAi
        || answer.Vendor switch
        {
            ProviderVendor.ZAi => AnyCode(codes, "1113", "1304", "1308", "1309", "1310"),
            ProviderVendor.MiniMax => AnyCode(codes, "1008", "2056"),
            ProviderVendor.Gemini => answer.Status == 429 && (Has(text, "limit: 0") || codes.Any(c => c.Contains("PerDay", StringComparison.OrdinalIgnoreCase))),
            ProviderVendor.Bedrock => codes.Contains("ThrottlingException") && Has(text, "per day"),
            ProviderVendor.AzureOpenAI => answer.Status == 429 && RetryHints.Read(answer, fields, DateTimeOffset.UtcNow) >= TimeSpan.FromHours(1),
            _ => false,
        };

    private static bool IsInvalidKey(ProviderErrorAnswer answer, HashSet<string> codes, string text) =>
        answer.Status == 401
        || KeyCodes.Any(codes.Contains)
        || Has(text, "API key was reported as leaked")
        || Has(text, "API key not valid")
        || codes.Contains("AccessDeniedException") && (Has(text, "api key") || Has(text, "is not authorized to perform"))
        // Bedrock's 403s are told apart by type above; elsewhere a 403 that talks about the key is about the key (Gemini's
        // "unregistered callers ... Please use API Key" for a missing key, gateways' "invalid API key").
        || answer.Status == 403 && answer.Vendor != ProviderVendor.Bedrock && (Has(text, "api key") || Has(text, "unauthorized") || Has(text, "authentication"))
        || answer.Vendor switch
        {
            ProviderVendor.ZAi => AnyCode(codes, "1000", "1001", "1002", "1003", "1004"),
            ProviderVendor.MiniMax => AnyCode(codes, "1004", "2049"),
            _ => false,
        };

    private static bool IsInvalidModel(ProviderErrorAnswer answer, HashSet<string> codes, string text) =>
        ModelCodes.Any(codes.Contains)
        || Has(text, "is not a valid model")
        || Has(text, "model not exist")
        || Has(text, "unknown model")
        || Has(text, "invalid model identifier")
        || Has(text, "try pulling it first")
        || Has(text, "model identifier is invalid")
        || Has(text, "on-demand throughput")
        || Has(text, "access to the model")
        || answer.Status == 404 && (codes.Contains("not_found_error") || codes.Contains("NOT_FOUND") || Has(text, "model"))
        || answer.Vendor switch
        {
            ProviderVendor.ZAi => AnyCode(codes, "1211", "1311"),
            ProviderVendor.MiniMax => codes.Contains("2013") && Has(text, "model"),
            _ => false,
        };

    private static bool IsRateLimited(ProviderErrorAnswer answer, HashSet<string> codes) =>
        answer.Status == 429
        || RateCodes.Any(codes.Contains)
        || answer.Vendor switch
        {
            ProviderVendor.ZAi => AnyCode(codes, "1302", "1303", "1305", "1312"),
            ProviderVendor.MiniMax => AnyCode(codes, "1002", "1039", "1041", "2045"),
            _ => false,
        };

    // Bedrock names the error in a header ("ThrottlingException:http://internal.amazon.com/coral/...") or, once rebuilt
    // by BedrockErrors, as the message's "Type: text" prefix.
    private static string? AmazonErrorType(ProviderErrorAnswer answer, string? message)
    {
        if (answer.Header("x-amzn-ErrorType") is { Length: > 0 } header)
        {
            return header.Split(':', 2)[0].Trim();
        }

        if (answer.Vendor == ProviderVendor.Bedrock && message is not null)
        {
            var colon = message.IndexOf(':', StringComparison.Ordinal);
            var prefix = colon > 0 ? message[..colon] : message;
            return prefix.EndsWith("Exception", StringComparison.Ordinal) && !prefix.Contains(' ', StringComparison.Ordinal) ? prefix : null;
        }

        return null;
    }

    private static bool AnyCode(HashSet<string> codes, params string[] wanted) => wanted.Any(codes.Contains);

    private static bool Has(string text, string fragment) => text.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
