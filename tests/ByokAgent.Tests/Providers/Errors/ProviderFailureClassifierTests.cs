using ByokAgent.Providers;
using ByokAgent.Providers.Errors;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>
/// The rules of shared/wire.md §1 that the fixtures alone do not pin down: rule order, codes whose meaning depends on the
/// vendor, and the thresholds between quota and rate limit.
/// </summary>
public sealed class ProviderFailureClassifierTests
{
    [Theory]
    [InlineData(nameof(ProviderVendor.ZAi), ProviderFailure.InvalidKey)]
    [InlineData(nameof(ProviderVendor.MiniMax), ProviderFailure.RateLimited)]
    public void Classify_Code1002_MeansWhatItsVendorSays(string vendor, ProviderFailure expected)
    {
        // Z.ai's 1002 is a bad token, MiniMax's a rate limit: the same number, read by whose code it is.
        ErrorAnswers.Classify(Enum.Parse<ProviderVendor>(vendor), 400, """{"error":{"code":"1002","message":"request refused"}}""").Should().Be(expected);
    }

    [Fact]
    public void Classify_MiniMaxBaseRespInside200_IsReadByItsStatusCode()
    {
        const string Body = """{"id":"x","choices":null,"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}""";

        ErrorAnswers.Classify(ProviderVendor.MiniMax, 200, Body).Should().Be(ProviderFailure.QuotaExceeded);
    }

    [Fact]
    public void Classify_MiniMaxCodeAsMessageSuffix_IsReadLikeAField()
    {
        const string Body = """{"type":"error","error":{"type":"authorized_error","message":"invalid api key (2049)","http_code":"401"}}""";

        ErrorAnswers.Classify(ProviderVendor.MiniMax, 400, Body).Should().Be(ProviderFailure.InvalidKey, "status 400 alone would say nothing");
    }

    [Theory]
    [InlineData("limit: 0", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", ProviderFailure.QuotaExceeded)]
    [InlineData("limit: 5", "GenerateRequestsPerDayPerProjectPerModel-FreeTier", ProviderFailure.QuotaExceeded)]
    [InlineData("limit: 5", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", ProviderFailure.RateLimited)]
    [InlineData("limit: 250000", "GenerateContentInputTokensPerModelPerMinute-FreeTier", ProviderFailure.RateLimited)]
    public void Classify_Gemini429_QuotaOnlyWhenTheLimitIsZeroOrDaily(string limit, string quotaId, ProviderFailure expected)
    {
        var body = $$$"""
            [{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details. * Quota exceeded for metric: x, {{{limit}}}, model: gemini-2.5-pro","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"{{{quotaId}}}"}]}]}}]
            """;

        ErrorAnswers.Classify(ProviderVendor.Gemini, 429, body).Should().Be(expected);
    }

    [Theory]
    [InlineData("3599", ProviderFailure.RateLimited)]
    [InlineData("3600", ProviderFailure.QuotaExceeded)]
    public void Classify_Azure429_IsQuotaWhenTheWaitIsAnHourOrMore(string retryAfter, ProviderFailure expected)
    {
        const string Body = """{"error":{"code":"429","message":"Requests have exceeded token rate limit of your current pricing tier."}}""";

        ErrorAnswers.Classify(ProviderVendor.AzureOpenAI, 429, Body, ("retry-after", retryAfter)).Should().Be(expected);
    }

    [Theory]
    [InlineData("Too many tokens per day, please wait before trying again.", ProviderFailure.QuotaExceeded)]
    [InlineData("Too many requests, please wait before trying again.", ProviderFailure.RateLimited)]
    public void Classify_BedrockThrottlingRebuiltAsTypePrefix_ReadsTheTypeWithoutTheHeader(string message, ProviderFailure expected)
    {
        // What BedrockErrors hands over: the header type folded into the message as "Type: message".
        var body = $$"""{"message":"ThrottlingException: {{message}}"}""";

        ErrorAnswers.Classify(ProviderVendor.Bedrock, 429, body).Should().Be(expected);
    }

    [Theory]
    [InlineData("ServiceQuotaExceededException", 400, "You have exceeded the quota for this model.", ProviderFailure.QuotaExceeded)]
    [InlineData("InvalidSignatureException", 403, "The request signature we calculated does not match the signature you provided.", ProviderFailure.InvalidKey)]
    [InlineData("AccessDeniedException", 403, "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock:InvokeModel", ProviderFailure.InvalidKey)]
    [InlineData("ModelNotReadyException", 429, "Model is not ready for inference. Wait and try your request again.", ProviderFailure.RateLimited)]
    [InlineData("InternalServerException", 500, "The server encountered an internal error.", ProviderFailure.ProviderError)]
    public void Classify_BedrockErrorTypeHeader_Decides(string errorType, int status, string message, ProviderFailure expected)
    {
        var body = $$"""{"message":"{{message}}"}""";

        ErrorAnswers.Classify(ProviderVendor.Bedrock, status, body, ("x-amzn-ErrorType", $"{errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/"))
            .Should().Be(expected);
    }

    [Fact]
    public void Classify_QuotaMarkerOn429_WinsOverTheRateLimitStatus()
    {
        const string Body = """{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}""";

        ErrorAnswers.Classify(ProviderVendor.Other, 429, Body, ("retry-after", "1")).Should().Be(ProviderFailure.QuotaExceeded);
    }

    [Fact]
    public void Classify_401_IsAnInvalidKeyWhateverTheBody()
    {
        ErrorAnswers.Classify(ProviderVendor.Other, 401, "<html><body>401 Authorization Required</body></html>").Should().Be(ProviderFailure.InvalidKey);
    }

    [Theory]
    [InlineData("""{"error":"Forbidden: invalid API key"}""", ProviderFailure.InvalidKey)]
    [InlineData("""{"error":"Forbidden: content blocked by policy"}""", ProviderFailure.ProviderError)]
    public void Classify_403OnASelfHostedServer_IsAKeyErrorOnlyWhenItSaysSo(string body, ProviderFailure expected)
    {
        ErrorAnswers.Classify(ProviderVendor.Other, 403, body).Should().Be(expected);
    }

    [Theory]
    [InlineData(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""")]
    [InlineData(503, """{"error":{"message":"No instances available","code":503}}""")]
    [InlineData(400, """{"error":{"message":"Invalid 'messages[0].content': string too long.","type":"invalid_request_error","code":"string_above_max_length"}}""")]
    [InlineData(400, """{"error":{"message":"Input data may contain inappropriate content.","type":"data_inspection_failed","code":"data_inspection_failed"}}""")]
    public void Classify_OtherErrors_AreProviderErrors(int status, string body)
    {
        ErrorAnswers.Classify(ProviderVendor.Other, status, body).Should().Be(ProviderFailure.ProviderError);
    }
}
