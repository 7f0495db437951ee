// Renderer entry: global styles, then the Svelte app mounted into #app. Nothing else belongs
// here; App.svelte builds the state from the transport this page can use (Electron or web).
import { mount } from 'svelte';
import App from './App.svelte';
import TokenMissingView from './features/access/TokenMissingView.svelte';
import { needsAccessToken } from './lib/api/pick-client';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount the studio into');

export default needsAccessToken(window) ? mount(TokenMissingView, { target, props: { origin: window.location.origin } }) : mount(App, { target });
