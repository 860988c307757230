namespace System.ServiceModel
{
    using System.Collections.Generic;
    using System.Collections.ObjectModel;
    using System.Globalization;

    /// <summary>Stand-in for the .NET Framework's System.ServiceModel.FaultReason.</summary>
    public class FaultReason
    {
        private readonly ReadOnlyCollection<FaultReasonText> translations;

        public FaultReason(FaultReasonText translation)
        {
            if (translation == null) throw new ArgumentNullException(nameof(translation));
            translations = new ReadOnlyCollection<FaultReasonText>(new[] { translation });
        }

        public FaultReason(string text)
            : this(new FaultReasonText(text))
        {
        }

        public FaultReason(IEnumerable<FaultReasonText> translations)
        {
            if (translations == null) throw new ArgumentNullException(nameof(translations));
            var list = new List<FaultReasonText>(translations);
            if (list.Count == 0) throw new ArgumentException("The translations must contain at least one item.", nameof(translations));
            foreach (FaultReasonText item in list)
            {
                if (item == null) throw new ArgumentException("The translations cannot contain null.", nameof(translations));
            }

            this.translations = list.AsReadOnly();
        }

        public SynchronizedReadOnlyCollection<FaultReasonText> Translations => new SynchronizedReadOnlyCollection<FaultReasonText>(new object(), translations);

        public FaultReasonText GetMatchingTranslation() => GetMatchingTranslation(CultureInfo.CurrentCulture);

        public FaultReasonText GetMatchingTranslation(CultureInfo cultureInfo)
        {
            if (cultureInfo == null) throw new ArgumentNullException(nameof(cultureInfo));
            foreach (FaultReasonText text in translations)
            {
                if (text.Matches(cultureInfo)) return text;
            }

            foreach (FaultReasonText text in translations)
            {
                if (text.XmlLang.Length == 0) return text;
            }

            return translations[0];
        }

        public override string ToString() => translations.Count == 0 ? string.Empty : GetMatchingTranslation().Text;
    }

    /// <summary>Stand-in for the .NET Framework's System.ServiceModel.FaultReasonText.</summary>
    public class FaultReasonText
    {
        public FaultReasonText(string text)
            : this(text, CultureInfo.CurrentCulture)
        {
        }

        public FaultReasonText(string text, string xmlLang)
        {
            Text = text ?? throw new ArgumentNullException(nameof(text));
            XmlLang = xmlLang ?? throw new ArgumentNullException(nameof(xmlLang));
        }

        public FaultReasonText(string text, CultureInfo cultureInfo)
        {
            if (cultureInfo == null) throw new ArgumentNullException(nameof(cultureInfo));
            Text = text ?? throw new ArgumentNullException(nameof(text));
            XmlLang = cultureInfo.Name;
        }

        public string Text { get; }

        public string XmlLang { get; }

        public bool Matches(CultureInfo cultureInfo)
        {
            if (cultureInfo == null) throw new ArgumentNullException(nameof(cultureInfo));
            return string.Equals(XmlLang, cultureInfo.Name, StringComparison.OrdinalIgnoreCase);
        }
    }
}

namespace System.Collections.Generic
{
    using System.Collections.ObjectModel;

    /// <summary>Stand-in for the .NET Framework's System.Collections.Generic.SynchronizedReadOnlyCollection (System.ServiceModel).</summary>
    public class SynchronizedReadOnlyCollection<T> : ReadOnlyCollection<T>
    {
        public SynchronizedReadOnlyCollection(object syncRoot, IList<T> list)
            : base(list)
        {
            SyncRoot = syncRoot ?? throw new ArgumentNullException(nameof(syncRoot));
        }

        protected object SyncRoot { get; }
    }
}
