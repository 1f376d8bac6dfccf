namespace ByokAgent.Server.Errors;

/// <summary>The stable <c>error.code</c> values of the API.</summary>
public static class ApiErrorCodes
{
    public const string InvalidApiKey = "invalid_api_key";
    public const string InvalidBody = "invalid_body";
    public const string MissingMessage = "missing_message";
    public const string MessageTooLarge = "message_too_large";
    public const string SessionNotFound = "session_not_found";
    public const string FileNotFound = "file_not_found";
    public const string InvalidPath = "invalid_path";
    public const string FileConflict = "file_conflict";
    public const string FileTooLarge = "file_too_large";
    public const string SessionBusy = "session_busy";
    public const string SessionConflict = "session_conflict";
    public const string RateLimited = "rate_limited";
    public const string BudgetExceeded = "budget_exceeded";
    public const string InvalidQuery = "invalid_query";
    public const string ProviderError = "provider_error";
    public const string InvalidConfig = "invalid_config";
    public const string ModelNotConfigured = "model_not_configured";
    public const string ShuttingDown = "shutting_down";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string InternalError = "internal_error";

    /// <summary>Validation failures of <c>PUT /v1/project/llm</c> (422), by provider failure class.</summary>
    public const string InvalidKey = "invalid_key";
    public const string InvalidModel = "invalid_model";
    public const string QuotaExceeded = "quota_exceeded";
    public const string ProviderRateLimited = "provider_rate_limited";
    public const string ProviderUnreachable = "provider_unreachable";
}
