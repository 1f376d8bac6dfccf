using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Hosting;

/// <summary>Serves the endpoints of one provider wire format (one folder per wire: <c>OpenAI/</c>, ...).</summary>
/// <remarks>
/// Handlers are asked in order and the first that claims a request answers it, so a wire whose paths overlap a
/// more general one (Azure deployments also end in <c>/chat/completions</c>) is registered before it.
/// </remarks>
internal interface IWireHandler
{
    bool CanHandle(RecordedRequest request);

    Task HandleAsync(WireRequest request);

    /// <summary>
    /// The renderer of generated (text, tool-call) replies for a request this wire claims, or <see langword="null"/> when
    /// the route generates none (models, account info). Used when <see cref="FakeProvider.Intercept"/> answers.
    /// </summary>
    IReplyRenderer? RendererFor(RecordedRequest request);
}
