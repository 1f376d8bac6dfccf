using ByokAgent.Providers;
using ByokAgent.Providers.Errors;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>
/// The expected outcome of every fixture under <c>Fixtures/errors</c>: the five cases for each catalog provider, plus the
/// traps of shared/wire.md §1 (quota sent as 400/403/429 or inside a 200, Gemini's array bodies, Bedrock's header types,
/// servers that answer HTML or nothing).
/// </summary>
internal static class ErrorFixtureCases
{
    /// <summary>The five cases every provider has a fixture for.</summary>
    public static IReadOnlyList<string> RequiredCases { get; } = ["invalid_key", "missing_key", "unknown_model", "quota_exhausted", "rate_limited"];

    public static IReadOnlyList<ErrorFixtureCase> All { get; } =
    [
        Key("openai/invalid_key", "Incorrect API key provided: sk-proj-********************************************3f5c. You can find your API key at https://platform.openai.com/account/api-keys."),
        Key("openai/missing_key", "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys."),
        Model("openai/unknown_model", "The model `gpt-5.2-proo` does not exist or you do not have access to it."),
        Quota("openai/quota_exhausted", "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."),
        Rate("openai/rate_limited", "Rate limited by OpenAI: retry in 6 min.", "Rate limit reached for gpt-4o-mini in organization org-T3stOrgAbCdEf012345 on tokens per day (TPD): Limit 2000000, Used 1999912, Requested 1034. Please try again in 6m0s. Visit https://platform.openai.com/account/rate-limits to learn more.", 360),

        Key("anthropic/invalid_key", "invalid x-api-key"),
        Key("anthropic/missing_key", "x-api-key header is required"),
        Model("anthropic/unknown_model", "model: claude-sonet-4-5"),
        Quota("anthropic/quota_exhausted", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."),
        Quota("anthropic/quota_exhausted_billing_error", "Your organization has no active billing. Please go to Plans & Billing to add a payment method."),
        Rate("anthropic/rate_limited", "Rate limited by Anthropic: retry in 19 s.", "This request would exceed the rate limit for your organization (5c1d7e9a-3b2f-4a6c-8d0e-1f2a3b4c5d6e) of 50,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.", 19),
        Error("anthropic/overloaded", "Anthropic answered 529: Overloaded", "Overloaded"),

        Key("gemini/invalid_key", "API key not valid. Please pass a valid API key."),
        Key("gemini/missing_key", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."),
        Model("gemini/unknown_model", "models/gemini-9.9-flash is not found for API version v1main, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."),
        Quota("gemini/quota_exhausted", "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro\nPlease retry in 38.673419384s."),
        Quota("gemini/quota_exhausted_prepayment", "Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your project and billing."),
        Rate("gemini/rate_limited", "Rate limited by Google Gemini: retry in 38 s.", "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 5, model: gemini-2.5-pro\nPlease retry in 38.673419384s.", 38),
        Rate("gemini/rate_limited_generic", "Rate limited by Google Gemini: retry shortly.", "Resource has been exhausted (e.g. check quota).", null),

        Key("openrouter/invalid_key", "User not found."),
        Key("openrouter/missing_key", "No auth credentials found"),
        Model("openrouter/unknown_model", "openai/gpt-4o-minii is not a valid model ID"),
        Quota("openrouter/quota_exhausted", "Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits"),
        Quota("openrouter/quota_exhausted_free_tier_daily", "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day"),
        Rate("openrouter/rate_limited", "Rate limited by OpenRouter: retry in 3 s.", "Provider returned error (google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations)", 3),

        Key("orcarouter/invalid_key", "Invalid API key provided."),
        Key("orcarouter/missing_key", "Missing API key. Send it as Authorization: Bearer <key>."),
        Model("orcarouter/unknown_model", "The model `acme/not-a-model` does not exist."),
        Quota("orcarouter/quota_exhausted", "Insufficient balance: top up your OrcaRouter account to continue."),
        Quota("orcarouter/quota_exhausted_user_quota", "User quota exceeded for this billing period."),
        Rate("orcarouter/rate_limited", "Rate limited by OrcaRouter: retry in 20 s.", "Rate limit exceeded. Try again in 20 seconds.", 20),

        Key("qwen/invalid_key", "Incorrect API key provided. For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error"),
        Key("qwen/missing_key", "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error"),
        Model("qwen/unknown_model", "The model `qwen-plus-x` does not exist or you do not have access to it."),
        Quota("qwen/quota_exhausted", "Access denied, please make sure your account is in good standing. For details, see: https://help.aliyun.com/zh/model-studio/error-code#overdue-payment"),
        Quota("qwen/quota_exhausted_free_tier_only", "The free tier of the model has been exhausted. If you wish to continue access the model on a paid basis, please disable the \"use free tier only\" mode in the management console."),
        Rate("qwen/rate_limited", "Rate limited by Qwen (Alibaba): retry shortly.", "Requests rate limit exceeded, please try again later.", null),

        Key("deepseek/invalid_key", "Authentication Fails, Your api key: ****0c9e is invalid"),
        Key("deepseek/missing_key", "Authentication Fails, Your api key:  is invalid"),
        Model("deepseek/unknown_model", "Model Not Exist"),
        Quota("deepseek/quota_exhausted", "Insufficient Balance"),
        Rate("deepseek/rate_limited", "Rate limited by DeepSeek: retry shortly.", "Rate Limit Reached: too many concurrent requests for your account. Retry later, or top up to raise the limit.", null),

        Key("minimax/invalid_key", "invalid api key"),
        Key("minimax/missing_key", "login fail: Please carry the API secret key in the 'Authorization' field of the request header (1004)"),
        Model("minimax/unknown_model", "invalid params, unknown model: minimax-m9 (2013)"),
        Quota("minimax/quota_exhausted", "insufficient balance"),
        Quota("minimax/quota_exhausted_token_plan", "usage limit exceeded for your Token Plan, please upgrade or wait for the next cycle (2056)"),
        Rate("minimax/rate_limited", "Rate limited by Minimax: retry shortly.", "rate limit exceeded(RPM) (1002)", null),

        Key("zai/invalid_key", "Authorization Token非法，请确认Authorization Token正确传递。"),
        Key("zai/missing_key", "Header中未收到Authorization参数，无法进行身份验证。"),
        Model("zai/unknown_model", "Unknown Model, please check the model code."),
        Quota("zai/quota_exhausted", "Insufficient balance or no resource package. Please recharge."),
        Quota("zai/quota_exhausted_usage_limit", "Usage limit reached for 5 hour. Your limit will reset at 2026-11-23 21:26:40"),
        Rate("zai/rate_limited", "Rate limited by Z.ai: retry shortly.", "High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits", null),

        Key("azure-openai/invalid_key", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."),
        Key("azure-openai/missing_key", "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."),
        Model("azure-openai/unknown_model", "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."),
        Quota("azure-openai/quota_exhausted", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 86400 seconds. Please contact Azure support service if you would like to further increase the default rate limit."),
        Rate("azure-openai/rate_limited", "Rate limited by Azure OpenAI: retry in 6 s.", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.", 5.4),
        Rate("azure-openai/rate_limited_text_only", "Rate limited by Azure OpenAI: retry in 13 s.", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 13 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.", 13),
        Error("azure-openai/resource_not_found", "Azure OpenAI answered 404 NotFound: Resource not found", "Resource not found"),

        Key("bedrock/invalid_key", "UnrecognizedClientException: The security token included in the request is invalid."),
        Key("bedrock/invalid_key_api_key", "AccessDeniedException: Authentication failed: Please make sure your API Key is valid."),
        Key("bedrock/missing_key", "MissingAuthenticationTokenException: Missing Authentication Token"),
        Model("bedrock/unknown_model", "ValidationException: The provided model identifier is invalid."),
        Model("bedrock/unknown_model_on_demand", "ValidationException: Invocation of model ID anthropic.claude-3-5-haiku-20241022-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model."),
        Model("bedrock/unknown_model_no_access", "AccessDeniedException: You don't have access to the model with the specified model ID."),
        Quota("bedrock/quota_exhausted", "ThrottlingException: Too many tokens per day, please wait before trying again."),
        Rate("bedrock/rate_limited", "Rate limited by AWS Bedrock: retry shortly.", "ThrottlingException: Too many requests, please wait before trying again.", null),

        Key("openai-compatible/invalid_key", "Unauthorized"),
        Key("openai-compatible/missing_key", "Invalid API Key"),
        Model("openai-compatible/unknown_model", "The model `Qwen/Qwen3-8B` does not exist."),
        Model("openai-compatible/unknown_model_ollama", "model \"qwen3:8b\" not found, try pulling it first"),
        Model("openai-compatible/unknown_model_lmstudio", "Invalid model identifier \"qwen3-8b\". Please specify a valid downloaded model (i.e. qwen2.5-7b-instruct)."),
        Quota("openai-compatible/quota_exhausted", "You exceeded your current quota, please check your plan and billing details."),
        Rate("openai-compatible/rate_limited", "Rate limited by OpenAI Compatible: retry in 2 s.", "Rate limit reached for requests. Please try again in 2s.", 2),
        Error("openai-compatible/bad_gateway_html", "OpenAI Compatible answered 502 BadGateway.", null),
        Error("openai-compatible/server_error_empty", "OpenAI Compatible answered 500 InternalServerError.", null),
    ];

    public static ErrorFixtureCase Get(string fixture) => All.Single(row => row.Fixture == fixture);

    private static ErrorFixtureCase Key(string fixture, string? detail) =>
        new(fixture, ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey, detail);

    private static ErrorFixtureCase Model(string fixture, string? detail) =>
        new(fixture, ProviderFailure.InvalidModel, ProviderFailureMessages.InvalidModel, detail);

    private static ErrorFixtureCase Quota(string fixture, string? detail) =>
        new(fixture, ProviderFailure.QuotaExceeded, ProviderFailureMessages.QuotaExceeded, detail);

    private static ErrorFixtureCase Rate(string fixture, string message, string? detail, double? retryAfterSeconds) =>
        new(fixture, ProviderFailure.RateLimited, message, detail, retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);

    private static ErrorFixtureCase Error(string fixture, string message, string? detail) =>
        new(fixture, ProviderFailure.ProviderError, message, detail);
}
