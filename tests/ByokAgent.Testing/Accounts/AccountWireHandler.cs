using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Accounts;

/// <summary>
/// Serves the account endpoints validators call instead of spending tokens: DeepSeek's <c>GET .../user/balance</c> and
/// OpenRouter's <c>GET .../key</c>, under any prefix (suffix-matched like the OpenAI models route).
/// </summary>
/// <remarks>
/// Always the happy path: a funded DeepSeek account (<c>is_available: true</c>) and an OpenRouter key with credit left,
/// in the shapes of <c>shared/fixtures/providers/deepseek/user_balance.http</c> and <c>openrouter/key_info.http</c>. A
/// test scripts anything else (an empty balance, a 401) with <see cref="FakeProvider.Intercept"/>.
/// </remarks>
internal sealed class AccountWireHandler : IWireHandler
{
    private const string BalanceSuffix = "/user/balance";
    private const string KeySuffix = "/key";

    public bool CanHandle(RecordedRequest request) => IsBalance(request) || IsKeyInfo(request);

    public IReplyRenderer? RendererFor(RecordedRequest request) => null;

    public Task HandleAsync(WireRequest request) =>
        ResponseWriter.WriteJsonAsync(
            request,
            StatusCodes.Status200OK,
            IsBalance(request.Request) ? AccountBodies.DeepSeekBalance() : AccountBodies.OpenRouterKey());

    private static bool IsBalance(RecordedRequest request) => IsGet(request, BalanceSuffix);

    private static bool IsKeyInfo(RecordedRequest request) => IsGet(request, KeySuffix);

    private static bool IsGet(RecordedRequest request, string suffix) =>
        HttpMethods.IsGet(request.Method) && request.Path.TrimEnd('/').EndsWith(suffix, StringComparison.Ordinal);
}
