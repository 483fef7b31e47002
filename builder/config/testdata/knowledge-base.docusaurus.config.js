// The shape of AdGuard's VPN Knowledge Base configuration
// (github.com/AdguardTeam/KnowledgeBaseVPN docusaurus.config.js at f564444).
// That repository states no licence, so this is not a copy: the same keys in
// the same order and the same kinds of values (constants from process.env,
// CommonJS exports, a plugin written as a function), written anew.
const { themes } = require('prism-react-renderer');
const path = require('path');

const PRODUCT_URL = 'https://vpn.example.com';

// The address and the base path can be set when the site is built.
const url = process.env.URL || 'https://kb.example.com/';
const baseUrl = process.env.BASE_URL || '/';

const searchHost = process.env.SEARCH_HOST || 'search.example.com';

/** @type {import('@docusaurus/types').DocusaurusConfig} */
module.exports = {
  future: {
    faster: true,
  },
  title: 'AdGuard VPN Knowledge Base',
  tagline: 'Knowledge base for AdGuard VPN',
  url: url,
  baseUrl: baseUrl,
  onBrokenLinks: 'throw',
  markdown: {
    hooks: { onBrokenMarkdownLinks: 'warn' },
  },
  favicon: 'img/favicon.ico',
  trailingSlash: true,
  organizationName: 'AdGuard',
  projectName: 'adguard-vpn-kb',
  themes: ['docusaurus-theme-search-typesense'],
  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'ru', 'de', 'cs', 'fr', 'es', 'it', 'ja', 'ko', 'pt-BR', 'tr', 'zh-CN', 'zh-TW'],
  },
  themeConfig: {
    colorMode: {
      defaultMode: 'light',
    },
    docs: {
      sidebar: { hideable: true },
    },
    navbar: {
      title: '',
      logo: { alt: 'Logo', src: 'img/logo.svg' },
      items: [
        { type: 'doc', docId: 'intro', position: 'left', label: 'docs' },
        { to: PRODUCT_URL + '/blog/', position: 'left', label: 'blog' },
        { type: 'localeDropdown', position: 'right' },
      ],
    },
    footer: {
      style: 'light',
      links: [
        { title: 'vpn', items: [{ label: 'about', href: PRODUCT_URL + '/about/' }] },
      ],
      copyright: `© ${new Date().getFullYear()} Example`,
    },
    prism: {
      theme: themes.github,
    },
    typesense: {
      typesenseServerConfig: { nodes: [{ host: searchHost, port: 443 }] },
    },
  },
  presets: [
    [
      '@docusaurus/preset-classic',
      {
        docs: {
          sidebarPath: require.resolve('./sidebars.js'),
          routeBasePath: '/',
          editUrl: 'https://github.com/example/kb/edit/master/',
        },
        theme: {
          customCss: require.resolve('./src/css/custom.scss'),
        },
      },
    ],
  ],
  plugins: [
    'docusaurus-plugin-sass',
    async function rewriteImages() {
      return {
        name: 'rewrite-images',
        async postBuild({ outDir }) {
          const files = [];
          if (files.length > 0) { path.join(outDir, 'x'); }
        },
      };
    },
  ],
};
