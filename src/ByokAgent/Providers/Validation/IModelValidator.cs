namespace ByokAgent.Providers.Validation;

/// <summary>
/// Proves a model config against its provider before it is saved: the key, the model and, where the provider can
/// tell, the billing state, with the cheapest real request for each provider.
/// </summary>
public interface IModelValidator
{
    /// <summary>Validates <paramref name="config"/>; provider failures come back in the result, never as exceptions.</summary>
    /// <exception cref="ModelConfigException">The config is incomplete or malformed (nothing was sent).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    Task<ModelValidationResult> ValidateAsync(ModelConfig config, ModelValidationRequest? request = null, CancellationToken cancellationToken = default);
}
