using WinBack.Core.Text;

namespace WinBack.Plugins
{
    /// <summary>Text that did not come from WinBack, made safe to show in a refusal (see <see cref="PlainText"/>).</summary>
    internal static class UserText
    {
        /// <summary>The longest quoted text kept in a message.</summary>
        public const int MaxLength = PlainText.MaxLength;

        public static string Plain(string? text) => PlainText.Of(text);
    }
}
