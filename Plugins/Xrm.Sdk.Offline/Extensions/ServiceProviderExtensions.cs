namespace Microsoft.Xrm.Sdk.Extensions
{
    using System;

    /// <summary>Typed access to the services a plug-in's service provider hands out (as the pac plug-in template uses them).</summary>
    public static class ServiceProviderExtensions
    {
        /// <summary>The service of type <typeparamref name="T"/> (null when the provider has none).</summary>
        public static T Get<T>(this IServiceProvider serviceProvider) => (T)serviceProvider.GetService(typeof(T));

        /// <summary>An organization service that runs as the given user.</summary>
        public static IOrganizationService GetOrganizationService(this IServiceProvider serviceProvider, Guid id) =>
            serviceProvider.Get<IOrganizationServiceFactory>().CreateOrganizationService(id);
    }

    /// <summary>Reading the parameters of a plug-in execution context.</summary>
    public static class ContextExtensions
    {
        /// <summary>The input parameter as <typeparamref name="T"/>, or default(T) when it is missing or of another type.</summary>
        public static T InputParameterOrDefault<T>(this IPluginExecutionContext context, string parameterName)
        {
            context.InputParameters.TryGetValue(parameterName, out object value);
            return value is T typed ? typed : default(T);
        }
    }
}
