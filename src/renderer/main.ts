// Renderer entry: mounts the Svelte app into #app. Nothing else belongs here; features live in
// src/renderer/features and talk to the app only through window.studio.
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount the studio into');

export default mount(App, { target });
